import { randomBytes } from 'node:crypto';
import { type Certificate, certificateFact } from '../audit/tls-certificate.js';
import { type Handshake, handshakeFact, versionFact } from '../audit/tls-handshake.js';
import { type HttpHead, httpHeadFact, parseHttpHead } from '../audit/tls-hsts.js';
import { buildProbeScript, parseProbeOutput } from '../engine/probe.js';
import type { CommandFact } from '../engine/types.js';
import { OperationError } from '../errors.js';
import { BEGIN_MARKER, CADDYFILE } from './caddyfile.js';

/**
 * Each domain as a visitor meets it, asked ON the server of its own 127.0.0.1 (no DNS needed, the
 * firewall aside): the TLS handshakes the audit makes, with the domain as SNI, the answer's headers,
 * the certificate, and what plain HTTP on port 80 answers. Only openssl and bash: curl is not on a
 * stock Debian 12.
 */

export interface SiteReading {
  readonly domain: string;
  readonly handshake: Handshake;
  readonly tls1_1: Handshake;
  readonly tls1_2: Handshake;
  readonly head: HttpHead;
  readonly certificate: Certificate | null;
  /** The answer to `GET /` over plain HTTP on port 80 (Caddy's redirect). */
  readonly http: HttpHead;
}

/**
 * Caddy makes a site's certificate after it loads the site: right after golive wrote its block (the
 * Caddyfile changed in the last 2 minutes) into a running Caddy, wait (30 s at most, ACME included)
 * until each domain completes a handshake. A later plan never waits: a domain whose certificate never
 * comes must not slow every run. Fixed script; its arguments are the Caddyfile, the marker and the domains.
 */
const WAIT_FOR_CERTIFICATES = `f=$1 m=$2; shift 2
systemctl is-active --quiet caddy.service && grep -qxF "$m" "$f" 2>/dev/null || exit 0
[ -n "$(find "$f" -newermt '-120 seconds' 2>/dev/null)" ] || exit 0
for d in "$@"; do
  i=0
  while [ $i -lt 120 ]; do
    timeout 5 openssl s_client -connect 127.0.0.1:443 -servername "$d" </dev/null 2>/dev/null | grep -q '^New, TLS' && break
    i=$((i + 1)); sleep 0.25
  done
done`;

/** GET / on port 80 with bash's /dev/tcp; only the headers are kept. Fixed script; its argument is the host name. */
const READ_HTTP_HEADERS = `timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/80 && printf "GET / HTTP/1.1\\r\\nHost: %s\\r\\nUser-Agent: golive\\r\\nConnection: close\\r\\n\\r\\n" "$1" >&3 && cat <&3' bash "$1" 2>/dev/null | tr -d '\\r' | sed '/^$/q'`;

function httpFact(domain: string): CommandFact<HttpHead> {
  return { argv: ['sh', '-c', READ_HTTP_HEADERS, 'sh', domain], parse: (output) => parseHttpHead(output.stdout) };
}

function domainFacts(domain: string) {
  return {
    handshake: handshakeFact(domain),
    tls1_1: versionFact('tls1_1', domain),
    tls1_2: versionFact('tls1_2', domain),
    head: httpHeadFact(domain),
    certificate: certificateFact(domain),
    http: httpFact(domain),
  };
}

const READINGS = ['handshake', 'tls1_1', 'tls1_2', 'head', 'certificate', 'http'] as const;

/** Every domain's reading in one command (one fact of the step's probe), its parts between markers nobody can guess. */
export function sitesFact(domains: readonly string[]): CommandFact<SiteReading[]> {
  const marker = `@@golive-tls-${randomBytes(8).toString('hex')}`;
  const perDomain = domains.map(domainFacts);
  const commands = [['sh', '-c', WAIT_FOR_CERTIFICATES, 'sh', CADDYFILE, BEGIN_MARKER, ...domains], ...perDomain.flatMap((facts) => READINGS.map((name) => facts[name].argv))];
  return {
    argv: ['sh', '-c', buildProbeScript(marker, commands)],
    parse: (output) => {
      const outputs = parseProbeOutput(marker, commands.length, output.stdout);
      if (!outputs) throw new OperationError(`reading the HTTPS answers of ${domains.join(', ')} was cut short (exit ${output.exitCode})`, 'run golive again');
      return perDomain.map((facts, n) => {
        const at = (index: number) => outputs[1 + n * READINGS.length + index]!;
        return {
          domain: domains[n]!,
          handshake: facts.handshake.parse(at(0)),
          tls1_1: facts.tls1_1.parse(at(1)),
          tls1_2: facts.tls1_2.parse(at(2)),
          head: facts.head.parse(at(3)),
          certificate: facts.certificate.parse(at(4)),
          http: facts.http.parse(at(5)),
        };
      });
    },
  };
}
