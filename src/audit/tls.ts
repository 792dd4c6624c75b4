import type { AuditCheck, AuditFinding } from '../engine/types.js';
import { caBundleFact, CERTIFICATE_ITEM, type Certificate, certificateFact, judgeCertificate, nowFact } from './tls-certificate.js';
import { describeHandshake, type Handshake, handshakeFact, TLS_ADDRESS, TLS_SNI, versionFact } from './tls-handshake.js';
import { HSTS_ITEM, type HttpHead, httpHeadFact, judgeHsts } from './tls-hsts.js';
import { judgeProtocols, PROTOCOLS_ITEM, type VersionHandshakes } from './tls-protocols.js';
import { caddyActiveFact, certbotCronFact, certbotTimerFact, judgeRenewal, RENEWAL_ITEM } from './tls-renewal.js';

/** Everything the TLS items read, from the server itself (handshakes with its own 127.0.0.1:443, for the site's name when golive.yml gives tls.domains). */
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
  fix: 'golive apply --only tls',
} as const;

/** A TLS server that refuses our name (not the protocol) may serve only its site's names: golive cannot tell without one. */
export function judgeHttps(handshake: Handshake, sni: string = TLS_SNI): AuditFinding {
  const evidence = `openssl s_client -connect ${TLS_ADDRESS} -servername ${sni}: ${describeHandshake(handshake)}`;
  const finding = (status: AuditFinding['status'], text = evidence): AuditFinding => ({ ...HTTPS_ITEM, status, evidence: text });
  if (handshake.state === 'done') return finding('pass');
  if (handshake.state === 'refused' && !/protocol version/i.test(handshake.reason)) {
    const why = sni === TLS_SNI ? "it may serve only its site's names: set tls.domains in golive.yml so the audit asks for yours" : `it does not serve ${sni}`;
    return finding(sni === TLS_SNI ? 'unknown' : 'fail', `${evidence}: a TLS server answers, but refused the host name ${sni}; ${why}`);
  }
  return finding('fail');
}

export const tlsCheck: AuditCheck<TlsFacts> = {
  items: [HTTPS_ITEM, PROTOCOLS_ITEM, CERTIFICATE_ITEM, HSTS_ITEM, RENEWAL_ITEM],
  facts: ({ tlsServerName: sni = TLS_SNI }) => ({
    handshake: handshakeFact(sni),
    tls1: versionFact('tls1', sni),
    tls1_1: versionFact('tls1_1', sni),
    tls1_2: versionFact('tls1_2', sni),
    tls1_3: versionFact('tls1_3', sni),
    certificate: certificateFact(sni),
    caBundle: caBundleFact,
    now: nowFact,
    head: httpHeadFact(sni),
    caddyActive: caddyActiveFact,
    certbotTimerEnabled: certbotTimerFact,
    certbotCron: certbotCronFact,
  }),
  judge: (facts, { tlsServerName: sni = TLS_SNI }) => {
    const versions: VersionHandshakes = { tls1: facts.tls1, tls1_1: facts.tls1_1, tls1_2: facts.tls1_2, tls1_3: facts.tls1_3 };
    return [
      judgeHttps(facts.handshake, sni),
      judgeProtocols(facts.handshake, versions),
      judgeCertificate(facts, sni),
      judgeHsts(facts.handshake, facts.head, sni),
      judgeRenewal(facts.handshake, facts),
    ];
  },
};
