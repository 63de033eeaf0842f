#!/usr/bin/env node
// The `prism` the generator's test suite runs (through a wrapper that names the pool's socket in
// SPECGEN_PRISM_POOL): asks the pool (pool.js) for the mock these arguments describe, and keeps it
// open until this process is told to stop.
'use strict';

const net = require('net');

const socketPath = process.env.SPECGEN_PRISM_POOL;
if (!socketPath) {
  console.error('SPECGEN_PRISM_POOL is not set: this `prism` needs the test suite\'s Prism pool');
  process.exit(2);
}
const connection = net.createConnection(socketPath);
let stopping = false;
let answer = '';
connection.on('connect', () => {
  connection.write(JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }) + '\n');
});
connection.on('data', chunk => {
  answer += chunk;
  if (!answer.includes('\n')) return;
  const line = answer.slice(0, answer.indexOf('\n'));
  answer = '';
  if (line === 'ready') {
    console.log('Prism is listening (pool)');
  } else {
    console.error(line);
    process.exit(1);
  }
});
connection.on('error', error => {
  console.error(`Prism pool unreachable at ${socketPath}: ${error.message}`);
  process.exit(1);
});
connection.on('close', () => process.exit(stopping ? 0 : 1));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    stopping = true;
    connection.end();
  });
}
