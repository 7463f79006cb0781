// Measures the time from submission to finality of `count` single-record anchors submitted
// at once through this node, and records p50, p99 and the maximum.
// Arguments: count (default 200). Returns the number of anchors finalized.

const { connect, recordResult, submitAnchors } = require('./lib.js');

function percentile(sorted, fraction) {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function run(nodeName, networkInfo, args) {
  const count = Number(args[0] ?? 200);
  const api = await connect(nodeName, networkInfo);
  try {
    const anchors = await submitAnchors(api, count, { waitFinalized: true, timeoutSeconds: 600 });
    const toFinality = anchors.map((a) => (a.finalizedAt - a.submittedAt) / 1000).sort((x, y) => x - y);
    const toBlock = anchors.map((a) => (a.inBlockAt - a.submittedAt) / 1000).sort((x, y) => x - y);
    recordResult('anchor-latency', {
      node: nodeName,
      anchors: count,
      finality_p50_s: percentile(toFinality, 0.5),
      finality_p99_s: percentile(toFinality, 0.99),
      finality_max_s: toFinality[toFinality.length - 1],
      in_block_p50_s: percentile(toBlock, 0.5),
      in_block_p99_s: percentile(toBlock, 0.99),
    });
    return anchors.length;
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
