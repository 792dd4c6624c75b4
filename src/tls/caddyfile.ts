import { GoliveError } from '../errors.js';

/**
 * golive's site block in /etc/caddy/Caddyfile: between two marker comments, replaced in place on
 * each run; every other byte of the file (other sites, comments, their order) stays as it is.
 */

export const CADDYFILE = '/etc/caddy/Caddyfile';
export const BEGIN_MARKER = '# BEGIN golive tls';
export const END_MARKER = '# END golive tls';

/** A top-level block as the Caddyfile has it: a site (its addresses), a snippet, or the global options. */
export interface TopBlock {
  /** 1-based, as an editor shows it. */
  readonly line: number;
  readonly kind: 'site' | 'snippet' | 'global';
  readonly addresses: readonly string[];
}

export interface CaddyfileLayout {
  readonly blocks: readonly TopBlock[];
  /** A top-level line that is neither a block nor an import: a single site written without braces. */
  readonly bracelessLine?: number;
  /** golive's block, by 0-based line index of its markers. */
  readonly golive?: { readonly begin: number; readonly end: number };
}

/** A line's tokens as Caddy splits them: on spaces, quotes keep spaces; a token starting with # ends the line. */
export function tokens(line: string): string[] {
  const found: string[] = [];
  const pattern = /"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g;
  for (const [token] of line.matchAll(pattern)) {
    if (token.startsWith('#')) break;
    found.push(token);
  }
  return found;
}

function markers(lines: readonly string[]): CaddyfileLayout['golive'] {
  const begins = lines.flatMap((line, index) => (line.trim() === BEGIN_MARKER ? [index] : []));
  const ends = lines.flatMap((line, index) => (line.trim() === END_MARKER ? [index] : []));
  if (begins.length === 0 && ends.length === 0) return undefined;
  if (begins.length !== 1 || ends.length !== 1 || ends[0]! < begins[0]!) {
    throw new GoliveError(`${CADDYFILE} has ${begins.length} "${BEGIN_MARKER}" and ${ends.length} "${END_MARKER}" lines out of order: golive cannot tell which part is its own`, `keep one of each around golive's site block, or remove both lines and the block, then run golive again`);
  }
  return { begin: begins[0]!, end: ends[0]! };
}

/** Where the Caddyfile's top-level blocks start (outside golive's), by its standalone `{` and `}` tokens. */
export function caddyfileLayout(content: string): CaddyfileLayout {
  const lines = content.split('\n');
  const golive = markers(lines);
  const blocks: TopBlock[] = [];
  let depth = 0;
  let bracelessLine: number | undefined;
  lines.forEach((line, index) => {
    if (golive && index >= golive.begin && index <= golive.end) return;
    const words = tokens(line);
    if (depth === 0 && words.length > 0 && words[words.length - 1] === '{') {
      const head = words.slice(0, -1);
      const kind = head.length === 0 ? 'global' : head[0]!.startsWith('(') ? 'snippet' : 'site';
      blocks.push({ line: index + 1, kind, addresses: kind === 'site' ? head.join(' ').split(/[\s,]+/).filter(Boolean) : [] });
    } else if (depth === 0 && words.length > 0 && words[0] !== 'import' && bracelessLine === undefined) {
      bracelessLine = index + 1;
    }
    for (const word of words) depth += word === '{' ? 1 : word === '}' ? -1 : 0;
  });
  return { blocks, ...(bracelessLine !== undefined && { bracelessLine }), ...(golive && { golive }) };
}

/** The host an address serves: `https://App.example.com:443/x` -> app.example.com; `:80` -> ''. */
export function addressHost(address: string): string {
  const withoutScheme = address.replace(/^[a-z]+:\/\//i, '');
  const hostPort = withoutScheme.split('/')[0]!;
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.replace(/:\d*$/, '');
  return host.toLowerCase();
}

/** A site block golive did not write that serves one of the domains: refused, never merged. */
export function foreignSite(layout: CaddyfileLayout, domains: readonly string[]): { readonly line: number; readonly domain: string } | undefined {
  for (const block of layout.blocks) {
    const domain = block.addresses.map(addressHost).find((host) => domains.includes(host));
    if (domain) return { line: block.line, domain };
  }
  return undefined;
}

/** Catch-all sites on plain HTTP (`:80`, `http://`): they answer other names; the domains' redirects come first. */
export function catchAllHttpSites(layout: CaddyfileLayout): TopBlock[] {
  return layout.blocks.filter((block) => block.kind === 'site' && block.addresses.some((a) => a === ':80' || a === 'http://' || a === 'http://:80'));
}

/**
 * The Caddyfile with golive's block (`block`: the marker lines and what is between them) in place:
 * where the markers were, or after everything else, one blank line apart.
 */
export function withGoliveBlock(content: string | null, block: string, layout: CaddyfileLayout | undefined): string {
  const body = block.endsWith('\n') ? block : `${block}\n`;
  if (content === null || content.trim() === '') return body;
  const lines = content.split('\n');
  if (layout?.golive) {
    const { begin, end } = layout.golive;
    return [...lines.slice(0, begin), ...body.replace(/\n$/, '').split('\n'), ...lines.slice(end + 1)].join('\n');
  }
  const ending = content.endsWith('\n\n') ? '' : content.endsWith('\n') ? '\n' : '\n\n';
  return `${content}${ending}${body}`;
}
