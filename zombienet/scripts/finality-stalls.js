// Checks that finality has stalled on this node while blocks are still authored: over
// `seconds`, the best block grows and the finalized block does not move by more than one
// (a vote already in flight may still land). Arguments: seconds (default 30).
// Returns the finalized height's growth.

const { connect, sleep } = require('./lib.js');

async function heights(api) {
  const head = await api.rpc.chain.getFinalizedHead();
  const finalized = (await api.rpc.chain.getHeader(head)).number.toNumber();
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  return { best, finalized };
}

async function run(nodeName, networkInfo, args) {
  const seconds = Number(args[0] ?? 30);
  const api = await connect(nodeName, networkInfo);
  try {
    // Votes cast before the fault may still finalize a block or two.
    await sleep(10_000);
    const before = await heights(api);
    await sleep(seconds * 1000);
    const after = await heights(api);
    if (after.best <= before.best) {
      throw new Error(`${nodeName} authored no block in ${seconds} s (best #${after.best})`);
    }
    const growth = after.finalized - before.finalized;
    if (growth > 1) {
      throw new Error(`finality advanced ${growth} blocks on ${nodeName} with two validators stopped`);
    }
    return growth;
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
