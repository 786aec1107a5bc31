import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { argString, builtinError, type BuiltinTable } from '../builtin.js';
import { RSet } from '../value.js';

/**
 * net.lookup_ip_addr without DNS: an IP literal is itself and a name is looked up in the hosts
 * file only. OPA asks the system resolver (topdown/net.go), but a policy decision here makes no
 * network calls (see http.send), so a name that would need DNS is an error saying so.
 */
const HOSTS_FILE = '/etc/hosts';

const hostsEntries = (): Map<string, string[]> => {
  const byName = new Map<string, string[]>();
  let text: string;
  try {
    text = readFileSync(HOSTS_FILE, 'utf8');
  } catch {
    return byName;
  }
  for (const line of text.split('\n')) {
    const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!addr || !isIP(addr.replace(/%.*$/, ''))) continue;
    for (const n of names) {
      const key = n.toLowerCase();
      const list = byName.get(key) ?? [];
      if (!list.includes(addr)) list.push(addr);
      byName.set(key, list);
    }
  }
  return byName;
};

export const netLookupBuiltins: BuiltinTable = {
  'net.lookup_ip_addr': {
    arity: 1,
    fn: (args) => {
      const name = argString(args, 0);
      if (isIP(name)) return RSet.of([name]);
      const found = hostsEntries().get(name.toLowerCase().replace(/\.$/, ''));
      if (!found) throw builtinError(`lookup ${name}: not in ${HOSTS_FILE}; Airlock resolves no names through DNS from a policy (pass addresses in input or data)`);
      return RSet.of(found);
    },
  },
};
