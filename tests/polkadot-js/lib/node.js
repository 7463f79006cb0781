// Starts a real medanchor-node dev chain for a test file and connects @polkadot/api to it.
//
// MEDANCHOR_NODE names the node binary (scripts/test.sh sets it). Every wait has a bound;
// a node that fails to start or stalls fails the test with the tail of its log.

import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

/** Returns a TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function logTail(path, lines = 40) {
  try {
    const text = readFileSync(path, 'utf8').trimEnd().split('\n');
    return `--- last ${Math.min(lines, text.length)} lines of ${path} ---\n${text.slice(-lines).join('\n')}`;
  } catch {
    return '';
  }
}

/**
 * Starts a dev node and returns `{ api, keyring, stop }`. `stop` disconnects the API, stops
 * the node and removes its base path.
 */
export async function startDevNode({ timeoutMs = 60_000 } = {}) {
  const binary = process.env.MEDANCHOR_NODE;
  if (!binary) {
    throw new Error('MEDANCHOR_NODE must name the medanchor-node binary; scripts/test.sh sets it');
  }
  const [rpcPort, p2pPort, prometheusPort] = [await freePort(), await freePort(), await freePort()];
  const workdir = mkdtempSync(join(tmpdir(), 'medanchor-js-'));
  const logPath = join(workdir, 'node.log');
  const log = openSync(logPath, 'w');
  const node = spawn(
    binary,
    [
      '--dev',
      `--base-path=${join(workdir, 'data')}`,
      `--rpc-port=${rpcPort}`,
      `--port=${p2pPort}`,
      `--prometheus-port=${prometheusPort}`,
      '--no-telemetry',
      '--no-mdns',
    ],
    { stdio: ['ignore', log, log] },
  );
  let exited = null;
  node.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const stopNode = async () => {
    if (exited === null) {
      node.kill('SIGINT');
      const deadline = Date.now() + 30_000;
      while (exited === null && Date.now() < deadline) await sleep(100);
      if (exited === null) node.kill('SIGKILL');
    }
    rmSync(workdir, { recursive: true, force: true });
  };

  const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`, 1_000, {}, 10_000);
  const deadline = Date.now() + timeoutMs;
  try {
    while (!provider.isConnected) {
      if (exited !== null) throw new Error(`node exited (${JSON.stringify(exited)}) during start-up`);
      if (Date.now() > deadline) throw new Error(`node did not open ws://127.0.0.1:${rpcPort} in ${timeoutMs} ms`);
      await sleep(200);
    }
    const api = await withTimeout(ApiPromise.create({ provider, noInitWarn: true }), timeoutMs, 'API connection');
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    return {
      api,
      keyring,
      logTail: () => logTail(logPath),
      stop: async () => {
        await api.disconnect().catch(() => {});
        await stopNode();
      },
    };
  } catch (error) {
    await provider.disconnect().catch(() => {});
    const tail = logTail(logPath);
    await stopNode();
    throw new Error(`${error.message}\n${tail}`);
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with a message naming `description` if `promise` takes longer than `ms`. */
export function withTimeout(promise, ms, description) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${description}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A dispatch error decoded from the chain's metadata, such as `institutions.NotAdmin`. */
export class ModuleError extends Error {
  constructor(name, docs) {
    super(`${name}: ${docs}`);
    this.moduleError = name;
  }
}

function decodeDispatchError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
    return new ModuleError(`${section}.${name}`, docs.join(' '));
  }
  return new ModuleError(dispatchError.type, dispatchError.toString());
}

/**
 * Signs and submits `tx`, waits until it is in a block, and returns its events. Throws a
 * `ModuleError` when the extrinsic fails, or when a `sudo.Sudid` event carries an error.
 */
export async function submit(api, tx, signer, { timeoutMs = 60_000 } = {}) {
  let unsubscribe = () => {};
  const included = new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        reject(new Error(`transaction ${status.type}`));
      }
      if (!status.isInBlock && !status.isFinalized) return;
      if (dispatchError) {
        reject(decodeDispatchError(api, dispatchError));
        return;
      }
      for (const { event } of events) {
        if (api.events.sudo?.Sudid?.is(event) && event.data[0].isErr) {
          reject(decodeDispatchError(api, event.data[0].asErr));
          return;
        }
      }
      resolve(events.map(({ event }) => event));
    })
      .then((unsub) => {
        unsubscribe = unsub;
      })
      .catch(reject);
  });
  try {
    return await withTimeout(included, timeoutMs, 'the transaction to be included');
  } finally {
    unsubscribe();
  }
}
