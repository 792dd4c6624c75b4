import { GoliveError } from '../errors.js';
import type { FileState } from '../engine/types.js';
import type { UfwState } from '../firewall/ufw.js';
import { readTemplate, renderTemplate } from '../templates.js';
import type { TlsAnswers } from './answers.js';
import { CADDYFILE, caddyfileLayout, catchAllHttpSites, foreignSite, withGoliveBlock } from './caddyfile.js';

/** golive's site block as templates/tls/site.caddyfile has it, for these answers. */
export function renderSiteBlock(answers: TlsAnswers): string {
  const internal = answers.certificates === 'internal';
  return renderTemplate(readTemplate('tls/site.caddyfile'), {
    domains: answers.domains.join(', '),
    issuer: internal ? 'internal' : answers.email!,
    certificateNote: internal ? "certificates from Caddy's own CA (tls.certificates: internal): browsers do not trust it" : `certificates from Let's Encrypt (ACME account ${answers.email})`,
    upstream: answers.upstream,
  });
}

/**
 * The Caddyfile with golive's block in it, and what the plan says of the rest. Refuses a site for
 * one of the domains that golive did not write: merging two blocks would be a guess.
 */
export function caddyfileAfter(current: FileState | null, answers: TlsAnswers): { content: string; notes: string[] } {
  const layout = current ? caddyfileLayout(current.content) : undefined;
  const foreign = layout && foreignSite(layout, answers.domains);
  if (foreign) {
    throw new GoliveError(
      `${CADDYFILE} line ${foreign.line} already has a site for ${foreign.domain} that golive did not write; nothing was changed`,
      `remove that site block (or the name from it), or leave ${foreign.domain} out of tls.domains; golive does not merge its settings into another block`,
    );
  }
  if (layout?.bracelessLine !== undefined && !layout.golive) {
    throw new GoliveError(`${CADDYFILE} line ${layout.bracelessLine} starts a site written without braces: a Caddyfile with two sites needs braces around each; nothing was changed`, `put "{" at the end of that site's address line and "}" after its last line, then run golive again`);
  }
  // Debian's stock `:80` site (a file server of /usr/share/caddy) stays when the admin kept it: Caddy
  // puts the domains' own HTTP->HTTPS redirects before a catch-all site (seen on Debian 12's Caddy 2.6).
  const catchAll = layout ? catchAllHttpSites(layout) : [];
  const notes = catchAll.map((site) => `${CADDYFILE} line ${site.line} (${site.addresses.join(' ')}) answers plain HTTP for other names (the server's IP address, say); ${answers.domains.join(', ')} still redirect to HTTPS; remove that site if nothing needs it`);
  return { content: withGoliveBlock(current?.content ?? null, renderSiteBlock(answers), layout), notes };
}

export function certificateNotes(answers: TlsAnswers): string[] {
  const names = answers.domains.join(', ');
  const renewal = 'Caddy renews certificates by itself (a third of their life before they expire): no cron job or timer to set up';
  if (answers.certificates === 'internal') {
    return [
      `certificates: Caddy's own CA (tls.certificates: internal), for staging and tests: browsers warn unless they trust its root (in /var/lib/caddy/.local/share/caddy/pki)`,
      "Caddy logs that it could not install its root in the system's trust store: Debian's unit runs it as the caddy user with ProtectSystem=full, so it cannot, and golive leaves the trust store alone",
      renewal,
    ];
  }
  return [
    `certificates: Let's Encrypt (ACME, account ${answers.email}): ports 80 and 443 must be reachable from the internet and DNS for ${names} must point at this server, or no certificate is issued and the run is undone`,
    renewal,
  ];
}

/** ufw refuses 80 or 443 unless a rule opens them: say so, unless the firewall step of this run sets the rules. */
export function firewallNote(ufw: UfwState, enabledByEarlierStep: boolean, firewallInRun: boolean): string[] {
  if (firewallInRun) return enabledByEarlierStep ? ['the firewall step of this run decides whether 80 and 443 are reachable: keep them in firewall.allow'] : [];
  if (!ufw.active) return [];
  const closed = [80, 443].filter((port) => !ufw.rules.some((rule) => new RegExp(`^(allow|limit)( in)? (\\d+,)*${port}(,\\d+)*(/tcp)?$`).test(rule)));
  if (closed.length === 0) return [];
  return [`warning: ufw is active and has no rule allowing ${closed.join(' and ')}/tcp: visitors cannot reach the site${closed.includes(80) ? ", and Let's Encrypt's HTTP challenge fails" : ''}; run golive apply --only firewall (it opens 80 and 443), or ufw allow ${closed.join(',')}/tcp`];
}
