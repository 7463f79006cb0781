// Remembers, under a label, the time and this node's finalized height, for catch-up.js.
// Arguments: label. Returns the finalized height.

const { connect, state } = require('./lib.js');

async function run(nodeName, networkInfo, args) {
  const label = args[0];
  const api = await connect(nodeName, networkInfo);
  try {
    const head = await api.rpc.chain.getFinalizedHead();
    const finalized = (await api.rpc.chain.getHeader(head)).number.toNumber();
    state().marks ??= {};
    state().marks[label] = { at: Date.now(), node: nodeName, finalized };
    return finalized;
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
