// Methods of Python's own values that DataFrame code calls: str (upper, split, join, format, ...),
// list (append, extend, ...) and dict (get, items, keys, ...).
import { bind, int, str } from './args';
import { iterate } from './containers';
import { reprOf, strOf } from './format';
import { formatValue } from './format-spec';
import { PyOpError, pyEquals } from './operators';
import { CallArgs, PyBuiltin, PyDict, PyList, PyTuple } from './values';

function m(name: string, f: (a: CallArgs) => unknown): PyBuiltin {
  return new PyBuiltin(name, f);
}

function stripChars(a: CallArgs): string | undefined {
  const c = a.pos[0];
  return c === undefined || c === null ? undefined : str(c, 'chars');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function stringMethod(s: string, name: string): unknown {
  switch (name) {
    case 'upper': return m(name, () => s.toUpperCase());
    case 'lower': return m(name, () => s.toLowerCase());
    case 'title': return m(name, () => s.toLowerCase().replace(/(^|[^a-zA-Z])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase()));
    case 'capitalize': return m(name, () => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase());
    case 'strip': case 'lstrip': case 'rstrip': return m(name, (a) => {
      const chars = stripChars(a);
      const set = chars === undefined ? '\\s' : escapeRegex(chars).replace(/\]/g, '\\]');
      let out = s;
      if (name !== 'rstrip') out = out.replace(new RegExp(`^[${set}]+`), '');
      if (name !== 'lstrip') out = out.replace(new RegExp(`[${set}]+$`), '');
      return out;
    });
    case 'split': return m(name, (a) => {
      const b = bind(a, 'split', 'sep=, maxsplit=');
      const max = b['maxsplit'] === undefined ? -1 : int(b['maxsplit'], 'maxsplit');
      if (b['sep'] === undefined || b['sep'] === null) {
        const parts = s.trim().split(/\s+/).filter((x) => x !== '');
        return new PyList(max < 0 || parts.length <= max + 1 ? parts : [...parts.slice(0, max), parts.slice(max).join(' ')]);
      }
      const sep = str(b['sep'], 'sep');
      const parts = s.split(sep);
      return new PyList(max < 0 || parts.length <= max + 1 ? parts : [...parts.slice(0, max), parts.slice(max).join(sep)]);
    });
    case 'join': return m(name, (a) => iterate(a.pos[0]).map((x) => str(x, 'join item')).join(s));
    case 'replace': return m(name, (a) => {
      const b = bind(a, 'replace', 'old, new, count=');
      const count = b['count'] === undefined ? -1 : int(b['count'], 'count');
      const parts = s.split(str(b['old'], 'old'));
      if (count < 0) return parts.join(str(b['new'], 'new'));
      return parts.slice(0, count + 1).join(str(b['new'], 'new')) + (parts.length > count + 1 ? str(b['old'], 'old') + parts.slice(count + 1).join(str(b['old'], 'old')) : '');
    });
    case 'startswith': case 'endswith': return m(name, (a) => {
      const p = a.pos[0];
      const options = p instanceof PyTuple ? p.items.map((x) => str(x, name)) : [str(p, name)];
      return options.some((o) => (name === 'startswith' ? s.startsWith(o) : s.endsWith(o)));
    });
    case 'find': return m(name, (a) => BigInt(s.indexOf(str(a.pos[0], 'sub'))));
    case 'count': return m(name, (a) => BigInt(s.split(str(a.pos[0], 'sub')).length - 1));
    case 'zfill': return m(name, (a) => {
      const w = int(a.pos[0], 'width');
      const sign = /^[+-]/.test(s) ? s[0]! : '';
      return sign + s.slice(sign.length).padStart(w - sign.length, '0');
    });
    case 'isdigit': case 'isnumeric': case 'isdecimal': return m(name, () => /^\d+$/.test(s));
    case 'isalpha': return m(name, () => /^[A-Za-z]+$/.test(s));
    case 'isalnum': return m(name, () => /^[A-Za-z0-9]+$/.test(s));
    case 'isupper': return m(name, () => s !== s.toLowerCase() && s === s.toUpperCase());
    case 'islower': return m(name, () => s !== s.toUpperCase() && s === s.toLowerCase());
    case 'format': return m(name, (a) => formatMethod(s, a));
    case 'encode': return m(name, () => new TextEncoder().encode(s));
    case 'ljust': return m(name, (a) => s.padEnd(int(a.pos[0], 'width'), a.pos[1] === undefined ? ' ' : str(a.pos[1], 'fillchar')));
    case 'rjust': return m(name, (a) => s.padStart(int(a.pos[0], 'width'), a.pos[1] === undefined ? ' ' : str(a.pos[1], 'fillchar')));
    default: return undefined;
  }
}

/** str.format with {}, {0}, {name}, {name:spec} and {{ }} escapes. */
function formatMethod(s: string, a: CallArgs): string {
  let auto = 0;
  return s.replace(/\{\{|\}\}|\{([^{}!:]*)(![rs])?(?::([^{}]*))?\}/g, (whole, field: string, conv: string | undefined, spec: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    let v: unknown;
    if (field === '') v = a.pos[auto++];
    else if (/^\d+$/.test(field)) v = a.pos[Number(field)];
    else {
      if (!a.kw.has(field)) throw new PyOpError(`KeyError: '${field}'`);
      v = a.kw.get(field);
    }
    if (conv === '!r') v = reprOf(v);
    else if (conv === '!s') v = strOf(v);
    return formatValue(v, spec ?? '');
  });
}

export function listMethod(l: PyList, name: string): unknown {
  switch (name) {
    case 'append': return m(name, (a) => { l.items.push(a.pos[0]); return null; });
    case 'extend': return m(name, (a) => { l.items.push(...iterate(a.pos[0])); return null; });
    case 'insert': return m(name, (a) => { l.items.splice(int(a.pos[0], 'index'), 0, a.pos[1]); return null; });
    case 'pop': return m(name, (a) => {
      if (l.items.length === 0) throw new PyOpError('pop from empty list');
      let i = a.pos[0] === undefined ? l.items.length - 1 : int(a.pos[0], 'index');
      if (i < 0) i += l.items.length;
      return l.items.splice(i, 1)[0];
    });
    case 'remove': return m(name, (a) => {
      const i = l.items.findIndex((x) => pyEquals(x, a.pos[0]));
      if (i < 0) throw new PyOpError('list.remove(x): x not in list');
      l.items.splice(i, 1);
      return null;
    });
    case 'index': return m(name, (a) => {
      const i = l.items.findIndex((x) => pyEquals(x, a.pos[0]));
      if (i < 0) throw new PyOpError(`${reprOf(a.pos[0])} is not in list`);
      return BigInt(i);
    });
    case 'count': return m(name, (a) => BigInt(l.items.filter((x) => pyEquals(x, a.pos[0])).length));
    case 'copy': return m(name, () => new PyList([...l.items]));
    case 'reverse': return m(name, () => { l.items.reverse(); return null; });
    case 'clear': return m(name, () => { l.items.length = 0; return null; });
    default: return undefined;
  }
}

export function dictMethod(d: PyDict, name: string): unknown {
  switch (name) {
    case 'get': return m(name, (a) => (d.has(a.pos[0]) ? d.get(a.pos[0]) : a.pos[1] ?? null));
    case 'items': return m(name, () => new PyList(d.pairs().map(([k, v]) => new PyTuple([k, v]))));
    case 'keys': return m(name, () => new PyList(d.keys()));
    case 'values': return m(name, () => new PyList(d.values()));
    case 'update': return m(name, (a) => {
      const src = a.pos[0];
      if (src instanceof PyDict) for (const [k, v] of src.pairs()) d.set(k, v);
      for (const [k, v] of a.kw) d.set(k, v);
      return null;
    });
    case 'pop': return m(name, (a) => {
      if (!d.has(a.pos[0])) {
        if (a.pos.length > 1) return a.pos[1];
        throw new PyOpError(`KeyError: ${reprOf(a.pos[0])}`);
      }
      const v = d.get(a.pos[0]);
      d.delete(a.pos[0]);
      return v;
    });
    case 'setdefault': return m(name, (a) => {
      if (!d.has(a.pos[0])) d.set(a.pos[0], a.pos[1] ?? null);
      return d.get(a.pos[0]);
    });
    case 'copy': return m(name, () => PyDict.of(d.pairs()));
    default: return undefined;
  }
}
