// Waits until this node's finalized state contains every anchor remembered under a label.
// Arguments: label, seconds to wait (default 120). Returns the number found.

const { anchoredAt, connect, state, waitFor } = require('./lib.js');

async function run(nodeName, networkInfo, args) {
  const [label, seconds] = [args[0], Number(args[1] ?? 120)];
  const ids = state().anchors[label];
  if (!ids) throw new Error(`no anchors were submitted under '${label}'`);
  const api = await connect(nodeName, networkInfo);
  try {
    return await waitFor(`${ids.length} '${label}' anchors finalized on ${nodeName}`, seconds, async () => {
      const head = await api.rpc.chain.getFinalizedHead();
      const found = await anchoredAt(api, head, ids);
      return found === ids.length ? found : 0;
    });
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
