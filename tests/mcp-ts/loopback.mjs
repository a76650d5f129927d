// Preloaded with `node --import ./loopback.mjs ...` around servers that only take a port (server-everything
// calls app.listen(PORT)): binds them to 127.0.0.1 instead of every interface, and reports the port actually
// bound, so PORT=0 works. Prints "TOOLGATE_LISTENING <port>" on stderr once the server listens.
import net from "node:net";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const port = args[0];
  const onlyPort = typeof port === "number" || (typeof port === "string" && /^\d+$/.test(port));
  if (onlyPort && typeof args[1] !== "string") {
    args.splice(1, 0, "127.0.0.1");
  }
  this.once("listening", () => {
    const address = this.address();
    if (address && typeof address === "object") {
      process.stderr.write(`TOOLGATE_LISTENING ${address.port}\n`);
    }
  });
  return listen.apply(this, args);
};
