/** Jest's globalTeardown: the run's server build goes with it (server-build.js). */
module.exports = () => require("./server-build").removeServerBuild();
