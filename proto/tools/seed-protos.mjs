// Seeds proto/spark/connect/*.proto from a Spark release's protos (e.g. on a version bump): it
// writes only the declarations (names, numbers, types, labels, oneofs, reserved ranges) in our own
// layout, drops all of Spark's comments and adds ours from comments.json (keyed by full name).
// Usage: node proto/tools/seed-protos.mjs <dir holding spark/connect/*.proto> <out dir> base.proto
//   e.g. after `unzip -o <spark-connect jar> 'spark/connect/*.proto' -d /tmp/sp`:
//   node proto/tools/seed-protos.mjs /tmp/sp proto base.proto
// Then run the conformance test. DROP=a.proto,b.proto leaves files out (fields using them too).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pb = require('protobufjs');
const [srcDir, outDir, ...files] = process.argv.slice(2);
if (!srcDir || !outDir || files.length === 0) {
  console.error('usage: seed-protos.mjs <spark proto dir> <out dir> <entry .proto under spark/connect>...');
  process.exit(2);
}
const comments = JSON.parse(fs.readFileSync(path.join(here, 'comments.json'), 'utf8'));
const root = new pb.Root();
root.resolvePath = (origin, target) => {
  const p = path.join(srcDir, target);
  if (fs.existsSync(p)) return p;
  return pb.util.path.resolve(origin, target); // google/protobuf built-ins
};
root.loadSync(files.map(f => path.join(srcDir, 'spark/connect', f)), { keepCase: true });
root.resolveAll();
const drop = new Set((process.env.DROP || '').split(',').filter(Boolean).map(f => 'spark/connect/' + f));
const isDropped = t => t && drop.has(fileOf(t));
const dropped = [];
const byFile = new Map();
const fqn = o => o.fullName.replace(/^\./, '');
function fileOf(o) { return o.filename ? path.relative(srcDir, o.filename) : undefined; }
for (const nested of root.lookup('spark.connect').nestedArray) {
  const f = fileOf(nested);
  if (!byFile.has(f)) byFile.set(f, []);
  byFile.get(f).push(nested);
}
function comment(o, ind) {
  const c = comments[fqn(o)];
  if (!c) return '';
  return c.split('\n').map(l => `${ind}// ${l}`).join('\n') + '\n';
}
function fieldLine(f, ind, inOneof) {
  let t = f.map ? `map<${f.keyType}, ${f.type}>` : f.type;
  let label = '';
  if (f.repeated && !f.map) label = 'repeated ';
  else if (f.options && f.options.proto3_optional) label = 'optional ';
  const opts = f.options && f.options.deprecated ? ' [deprecated = true]' : '';
  return comment(f, ind) + `${ind}${label}${t} ${f.name} = ${f.id}${opts};\n`;
}
function emitEnum(e, ind) {
  let s = comment(e, ind) + `${ind}enum ${e.name} {\n`;
  for (const [k, v] of Object.entries(e.values)) s += `${ind}  ${k} = ${v};\n`;
  return s + `${ind}}\n`;
}
function emitType(m, ind) {
  let s = comment(m, ind) + `${ind}message ${m.name} {\n`;
  const body = [];
  const doneOneofs = new Set();
  for (const f of m.fieldsArray) {
    if (isDropped(f.resolvedType)) { dropped.push(fqn(f) + ' : ' + f.type); continue; }
    const o = f.partOf;
    if (o && !(f.options && f.options.proto3_optional)) {
      if (doneOneofs.has(o)) continue;
      doneOneofs.add(o);
      let os = comment(o, ind + '  ') + `${ind}  oneof ${o.name} {\n`;
      for (const of of o.fieldsArray) if (!isDropped(of.resolvedType)) os += fieldLine(of, ind + '    ', true);
      body.push(os + `${ind}  }\n`);
    } else body.push(fieldLine(f, ind + '  '));
  }
  if (m.reserved && m.reserved.length) {
    const nums = m.reserved.filter(r => Array.isArray(r)).map(r => r[0] === r[1] ? `${r[0]}` : `${r[0]} to ${r[1]}`);
    const names = m.reserved.filter(r => typeof r === 'string').map(n => `"${n}"`);
    if (nums.length) body.push(`${ind}  reserved ${nums.join(', ')};\n`);
    if (names.length) body.push(`${ind}  reserved ${names.join(', ')};\n`);
  }
  for (const n of m.nestedArray) body.push((body.length ? '\n' : '') + (n instanceof pb.Enum ? emitEnum(n, ind + '  ') : emitType(n, ind + '  ')));
  s += body.join('');
  return s + `${ind}}\n`;
}
for (const [file, items] of byFile) {
  if (!file || drop.has(file)) continue;
  const imports = new Set();
  const walk = t => {
    if (t instanceof pb.Type) {
      for (const f of t.fieldsArray) if (f.resolvedType && !isDropped(f.resolvedType)) {
        const rt = f.resolvedType;
        if (rt.fullName.startsWith('.google.protobuf.')) { imports.add('google/protobuf/' + rt.name.toLowerCase() + '.proto'); continue; }
        const ff = fileOf(rt); if (ff && ff !== file) imports.add(ff);
      }
      t.nestedArray.forEach(walk);
    }
    if (t instanceof pb.Service) for (const m of t.methodsArray) for (const x of [m.resolvedRequestType, m.resolvedResponseType]) { const ff = fileOf(x); if (ff !== file) imports.add(ff); }
  };
  items.forEach(walk);
  let s = `${comments['file:' + file] ?? ''}syntax = "proto3";\n\npackage spark.connect;\n\n`;
  for (const i of [...imports].sort()) s += `import "${i.startsWith('google/protobuf') ? i : i}";\n`;
  s += '\n';
  const parts = [];
  for (const it of items) {
    if (it instanceof pb.Enum) parts.push(emitEnum(it, ''));
    else if (it instanceof pb.Service) {
      let ss = comment(it, '') + `service ${it.name} {\n`;
      for (const m of it.methodsArray) ss += comment(m, '  ') + `  rpc ${m.name}(${m.requestStream ? 'stream ' : ''}${m.requestType}) returns (${m.responseStream ? 'stream ' : ''}${m.responseType}) {}\n`;
      parts.push(ss + '}\n');
    } else parts.push(emitType(it, ''));
  }
  s += parts.join('\n');
  const out = path.join(outDir, file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, s);
  console.log(out, s.split('\n').length);
}

if (dropped.length) console.log('dropped fields:\n  ' + dropped.join('\n  '));
