// Submits anchors through this node and remembers their ids under a label.
// Arguments: label, count. Returns the number of anchors in a block.

const { connect, state, submitAnchors } = require('./lib.js');

async function run(nodeName, networkInfo, args) {
  const [label, count] = [args[0], Number(args[1] ?? 10)];
  const api = await connect(nodeName, networkInfo);
  try {
    const anchors = await submitAnchors(api, count);
    state().anchors[label] = anchors.map((anchor) => anchor.id);
    return anchors.length;
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
