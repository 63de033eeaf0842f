#!/usr/bin/env node
// One Node process that serves many Prism mocks, for the generator's test suite.
//
// Starting `prism mock` costs about a second of CPU, nearly all of it Node loading Prism's
// modules; the suite starts a mock for each of some fifty generated packages. The pool loads
// Prism once per test worker and starts each mock with the code `prism mock` itself runs: its
// own option parser (the mock command's yargs definition, so the defaults are the CLI's) and
// its own server factory (`createSingleProcessPrism`). Only the spec-file watcher is left out.
//
// Protocol (a Unix socket named by argv[2]): a client (client.js, run as `prism`)
// sends one JSON line {"argv": [...], "cwd": "..."}; the pool answers "ready" once the mock
// listens, or "error <message>"; when the client's connection closes, its mock is closed.
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');
const yargs = require('yargs/yargs');
const mockCommand = require('@stoplight/prism-cli/dist/commands/mock').default;
const { createSingleProcessPrism } = require('@stoplight/prism-cli/dist/util/createServer');

/** The options `prism mock` builds from `argv` (its handler's own selection). */
function mockOptions(argv, cwd) {
  return new Promise((resolve, reject) => {
    yargs(argv)
      .exitProcess(false)
      .strict()
      .fail((message, error) => reject(error || new Error(message)))
      .command({ ...mockCommand, handler: resolve })
      .demandCommand(1, 'only `mock` is served by the pool')
      .parse();
  }).then(args => ({
    cors: args.cors,
    dynamic: args.dynamic,
    port: args.port,
    host: args.host,
    document: path.resolve(cwd, args.document),
    multiprocess: false,
    errors: args.errors,
    verboseLevel: args.verboseLevel,
    ignoreExamples: args.ignoreExamples,
    seed: args.seed,
    jsonSchemaFakerFillProperties: args['json-schema-faker-fillProperties'],
  }));
}

function serve(connection) {
  let buffered = '';
  let server = null;
  let closed = false;
  const close = () => {
    closed = true;
    if (server !== null) {
      server.close().catch(() => undefined);
      server = null;
    }
  };
  connection.on('close', close);
  connection.on('error', close);
  connection.on('data', chunk => {
    if (buffered === null) return; // one request per connection
    buffered += chunk;
    const end = buffered.indexOf('\n');
    if (end < 0) return;
    const request = JSON.parse(buffered.slice(0, end));
    buffered = null;
    mockOptions(request.argv, request.cwd)
      .then(options => createSingleProcessPrism(options))
      .then(started => {
        server = started;
        if (closed) close();
        else connection.write('ready\n');
      })
      .catch(error => {
        connection.write(`error ${String((error && error.message) || error)}\n`);
        connection.end();
      });
  });
}

const socketPath = process.argv[2];
if (fs.existsSync(socketPath)) fs.unlinkSync(socketPath);
// A mock's failure must not take the other mocks down with it.
process.on('uncaughtException', error => console.error('pool: uncaught', error));
process.on('unhandledRejection', error => console.error('pool: unhandled', error));
net.createServer(serve).listen(socketPath, () => console.log('pool listening'));
