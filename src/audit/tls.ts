import type { AuditCheck, AuditFinding } from '../engine/types.js';
import { caBundleFact, CERTIFICATE_ITEM, type Certificate, certificateFact, judgeCertificate, nowFact } from './tls-certificate.js';
import { describeHandshake, type Handshake, handshakeFact, TLS_ADDRESS, TLS_SNI, versionFact } from './tls-handshake.js';
import { HSTS_ITEM, type HttpHead, httpHeadFact, judgeHsts } from './tls-hsts.js';
import { judgeProtocols, PROTOCOLS_ITEM, type VersionHandshakes } from './tls-protocols.js';
import { caddyActiveFact, certbotCronFact, certbotTimerFact, judgeRenewal, RENEWAL_ITEM } from './tls-renewal.js';

/** Everything the TLS items read, from the server itself (handshakes with its own 127.0.0.1:443). */
export interface TlsFacts {
  readonly handshake: Handshake;
  readonly tls1: Handshake;
  readonly tls1_1: Handshake;
  readonly tls1_2: Handshake;
  readonly tls1_3: Handshake;
  readonly certificate: Certificate | null;
  readonly caBundle: boolean;
  readonly now: number;
  readonly head: HttpHead;
  readonly caddyActive: boolean;
  readonly certbotTimerEnabled: boolean;
  readonly certbotCron: boolean;
}

export const HTTPS_ITEM = {
  id: 'tls.https',
  title: 'The server answers HTTPS on port 443',
  fix: "put a TLS reverse proxy in front of the app (golive's tls step is coming; Caddy does it with automatic certificates)",
} as const;

/** A TLS server that refuses our name (not the protocol) may serve only its site's names: golive cannot tell without one. */
export function judgeHttps(handshake: Handshake): AuditFinding {
  const evidence = `openssl s_client -connect ${TLS_ADDRESS} -servername ${TLS_SNI}: ${describeHandshake(handshake)}`;
  const finding = (status: AuditFinding['status'], text = evidence): AuditFinding => ({ ...HTTPS_ITEM, status, evidence: text });
  if (handshake.state === 'done') return finding('pass');
  if (handshake.state === 'refused' && !/protocol version/i.test(handshake.reason)) {
    return finding('unknown', `${evidence}: a TLS server answers, but refused the host name ${TLS_SNI}; it may serve only its site's names, which golive does not know yet`);
  }
  return finding('fail');
}

export const tlsCheck: AuditCheck<TlsFacts> = {
  items: [HTTPS_ITEM, PROTOCOLS_ITEM, CERTIFICATE_ITEM, HSTS_ITEM, RENEWAL_ITEM],
  facts: () => ({
    handshake: handshakeFact,
    tls1: versionFact('tls1'),
    tls1_1: versionFact('tls1_1'),
    tls1_2: versionFact('tls1_2'),
    tls1_3: versionFact('tls1_3'),
    certificate: certificateFact,
    caBundle: caBundleFact,
    now: nowFact,
    head: httpHeadFact,
    caddyActive: caddyActiveFact,
    certbotTimerEnabled: certbotTimerFact,
    certbotCron: certbotCronFact,
  }),
  judge: (facts) => {
    const versions: VersionHandshakes = { tls1: facts.tls1, tls1_1: facts.tls1_1, tls1_2: facts.tls1_2, tls1_3: facts.tls1_3 };
    return [
      judgeHttps(facts.handshake),
      judgeProtocols(facts.handshake, versions),
      judgeCertificate(facts),
      judgeHsts(facts.handshake, facts.head),
      judgeRenewal(facts.handshake, facts),
    ];
  },
};
