// What V8 does with a stream of large, short-lived ArrayBuffers and little other garbage, which is
// what receiving a large result makes (bench/README.md, "Reusing message memory"):
//
//   node --trace-gc bench/client/arraybuffer-churn.mjs [bufferBytes] | grep -c Mark-Compact
//
// Allocates 1.5 GB in buffers of bufferBytes (default 768 KiB), touching and dropping each at once,
// yielding to the event loop every 8 buffers as a network reader would.
const size = Number(process.argv[2] ?? 768 * 1024);
const count = Math.round(1.5e9 / size);
let sink = 0;
const cpu0 = process.cpuUsage();
for (let i = 0; i < count; i++) {
  const b = Buffer.allocUnsafe(size);
  b[0] = i & 0xff;
  sink += b[0];
  if (i % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
}
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ bufferBytes: size, buffers: count, cpuMs: Math.round((cpu.user + cpu.system) / 1000), sink }));
