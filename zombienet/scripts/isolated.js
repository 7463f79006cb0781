// Checks that this node, which is not on the peer allow-list, cannot join: after `seconds`
// it has no peers and imports no block while `reference` keeps authoring.
// Arguments: reference node name, seconds (default 30). Returns the node's best height.

const { connect, sleep } = require('./lib.js');

async function run(nodeName, networkInfo, args) {
  const [reference, seconds] = [args[0] ?? 'alice', Number(args[1] ?? 30)];
  const api = await connect(nodeName, networkInfo);
  const referenceApi = await connect(reference, networkInfo);
  try {
    // The validators apply the allow-list from an offchain worker, so an outsider may reach
    // them during the first block before it is dropped.
    await sleep(seconds * 1000);
    const bestBefore = (await api.rpc.chain.getHeader()).number.toNumber();
    const referenceBefore = (await referenceApi.rpc.chain.getHeader()).number.toNumber();
    await sleep(15_000);
    const health = await api.rpc.system.health();
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const referenceBest = (await referenceApi.rpc.chain.getHeader()).number.toNumber();
    if (health.peers.toNumber() !== 0) throw new Error(`${nodeName} has ${health.peers} peers`);
    if (referenceBest <= referenceBefore) throw new Error(`${reference} authored no block`);
    if (best !== bestBefore) throw new Error(`${nodeName} imported blocks #${bestBefore + 1}..#${best}`);
    return best;
  } finally {
    await api.disconnect();
    await referenceApi.disconnect();
  }
}

module.exports = { run };
