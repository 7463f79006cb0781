// Measures how long this node, restarted after a stop, takes to finalize the height that
// another node had finalized when the restart began. Arguments: the label of the mark made
// on this node before it stopped, the label of the mark made on another node just before
// the restart, and the seconds to wait (default 180). Returns the seconds taken, at least 1.

const { connect, recordResult, state, waitFor } = require('./lib.js');

async function finalizedNumber(api) {
  const head = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(head)).number.toNumber();
}

async function run(nodeName, networkInfo, args) {
  const [stoppedLabel, restartLabel, seconds] = [args[0], args[1], Number(args[2] ?? 180)];
  const stopped = state().marks?.[stoppedLabel];
  const restart = state().marks?.[restartLabel];
  if (!stopped || !restart) throw new Error(`marks '${stoppedLabel}' and '${restartLabel}' are needed`);
  // The restarted node's RPC server comes up a moment after its process.
  const api = await waitFor(`${nodeName} RPC`, seconds, async () => {
    try {
      return await connect(nodeName, networkInfo);
    } catch {
      return null;
    }
  });
  try {
    await waitFor(`${nodeName} to finalize #${restart.finalized}`, seconds, async () =>
      (await finalizedNumber(api)) >= restart.finalized);
    const taken = (Date.now() - restart.at) / 1000;
    recordResult('restarted-validator-catch-up', {
      node: nodeName,
      stopped_at_finalized: stopped.finalized,
      network_finalized: restart.finalized,
      blocks_behind: restart.finalized - stopped.finalized,
      stopped_for_s: (restart.at - stopped.at) / 1000,
      seconds_from_restart: taken,
    });
    return Math.max(1, Math.round(taken));
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
