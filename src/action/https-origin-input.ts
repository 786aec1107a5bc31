/** An input that must be an https origin (scheme, host, port): the URL, or an error naming the input and showing `example`. */
export function httpsOriginInput(name: string, value: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`input "${name}": ${JSON.stringify(value)} is not a URL; expected an https origin such as ${example}`);
  }
  if (url.protocol !== 'https:' || url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw new Error(`input "${name}": ${JSON.stringify(value)} must be an https origin (scheme, host and port only), e.g. ${example}`);
  return url;
}

/** `host:port` of an https URL, as the egress proxy looks hosts up. */
export const originKey = (url: URL): string => `${url.hostname.toLowerCase()}:${url.port || '443'}`;
