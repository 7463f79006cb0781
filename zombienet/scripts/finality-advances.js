// Checks that this node finalizes blocks: the finalized height must grow by at least
// `blocks` within `seconds`. Arguments: blocks (default 3), seconds (default 60).
// Returns the growth.

const { connect, waitFor } = require('./lib.js');

async function finalizedNumber(api) {
  const head = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(head)).number.toNumber();
}

async function run(nodeName, networkInfo, args) {
  const [blocks, seconds] = [Number(args[0] ?? 3), Number(args[1] ?? 60)];
  const api = await connect(nodeName, networkInfo);
  try {
    const start = await finalizedNumber(api);
    return await waitFor(`finality on ${nodeName} to advance ${blocks} blocks past #${start}`, seconds, async () => {
      const growth = (await finalizedNumber(api)) - start;
      return growth >= blocks ? growth : 0;
    });
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
