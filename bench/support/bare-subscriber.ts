/**
 * The ceiling: an mqtt.js subscriber that only counts. `register` creates its persistent session and
 * leaves; `drain N` reconnects, counts N queued messages and prints the rate as JSON.
 */
import mqtt from 'mqtt';

const [mode, url, countText] = process.argv.slice(2);
if (!url || (mode !== 'register' && mode !== 'drain')) {
  console.error('usage: bare-subscriber register|drain <url> [count]');
  process.exit(2);
}
const client = mqtt.connect(url, { clientId: 'skopia-bench-bare', clean: false, protocolVersion: 4, reconnectPeriod: 0 });
if (mode === 'register') {
  client.on('connect', () => {
    client.subscribe('skopia/+/+/telemetry', { qos: 1 }, () => client.end());
  });
} else {
  const want = Number(countText);
  let n = 0;
  let first = 0;
  let cpuAtFirst = process.cpuUsage();
  const connectedAt = Date.now();
  client.on('message', () => {
    if (n === 0) {
      first = Date.now();
      cpuAtFirst = process.cpuUsage();
    }
    if (++n === want) {
      const last = Date.now();
      const cpu = process.cpuUsage(cpuAtFirst);
      client.end(false, () => {
        const drainMs = last - first;
        const cpuMs = (cpu.user + cpu.system) / 1000;
        console.log(JSON.stringify({ messages: n, firstMs: first - connectedAt, drainMs, rate: (n * 1000) / Math.max(1, drainMs), cpuMs }));
        process.exit(0);
      });
    }
  });
}
