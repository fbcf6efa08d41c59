/** Jest's globalSetup: the one server build every process test reads (server-build.js). */
module.exports = () => require("./server-build").buildServer();
