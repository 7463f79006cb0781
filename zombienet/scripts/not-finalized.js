// Checks that anchors remembered under a label are in this node's best chain but not yet
// finalized. Arguments: label. Returns the number in the best chain.

const { anchoredAt, connect, state } = require('./lib.js');

async function run(nodeName, networkInfo, args) {
  const label = args[0];
  const ids = state().anchors[label];
  if (!ids) throw new Error(`no anchors were submitted under '${label}'`);
  const api = await connect(nodeName, networkInfo);
  try {
    const best = await api.rpc.chain.getBlockHash();
    const finalized = await api.rpc.chain.getFinalizedHead();
    const inBest = await anchoredAt(api, best, ids);
    const inFinalized = await anchoredAt(api, finalized, ids);
    if (inBest !== ids.length) throw new Error(`only ${inBest} of ${ids.length} '${label}' anchors are in the best chain`);
    if (inFinalized !== 0) throw new Error(`${inFinalized} '${label}' anchors were finalized during the stall`);
    return inBest;
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
