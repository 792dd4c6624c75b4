/** Where Debian 12's crowdsec and crowdsec-firewall-bouncer packages keep what golive reads and writes. */

export const CROWDSEC_DIR = '/etc/crowdsec';
/** Debian's override of config.yaml (README.Debian): golive's settings go here, the conffile stays. */
export const CONFIG_LOCAL = '/etc/crowdsec/config.yaml.local';
/** Holding only a comment, it makes the package's postinst skip registering to the Central API. */
export const ONLINE_CREDENTIALS = '/etc/crowdsec/online_api_credentials.yaml';
/** The local API's address and this machine's login to it (written by the postinst; holds a password). */
export const LOCAL_CREDENTIALS = '/etc/crowdsec/local_api_credentials.yaml';
export const ENRICH_DIR = '/etc/crowdsec/parsers/s02-enrich';
/** golive's whitelist parser: the admin's addresses and crowdsec.whitelist. */
export const GOLIVE_WHITELIST = '/etc/crowdsec/parsers/s02-enrich/golive-whitelist.yaml';
/** CrowdSec's own whitelist of private ranges: a link into the hub, made by the postinst. */
export const STOCK_WHITELIST = '/etc/crowdsec/parsers/s02-enrich/whitelists.yaml';
export const STOCK_WHITELIST_TARGET = '/var/lib/crowdsec/hub/parsers/s02-enrich/crowdsecurity/whitelists.yaml';
export const ACQUIS_DIR = '/etc/crowdsec/acquis.d';
/** Read sshd from the journal where no acquisition does (Debian's acquis.yaml does). */
export const GOLIVE_SSHD_ACQUIS = '/etc/crowdsec/acquis.d/golive-sshd.yaml';
export const BOUNCER_CONFIG = '/etc/crowdsec/bouncers/crowdsec-firewall-bouncer.yaml';
/** The bouncer's override, written by its postinst: mode and API key (a secret golive never shows). */
export const BOUNCER_LOCAL = '/etc/crowdsec/bouncers/crowdsec-firewall-bouncer.yaml.local';

export const AGENT_UNIT = 'crowdsec';
export const BOUNCER_UNIT = 'crowdsec-firewall-bouncer';
export const DEFAULT_API_PORT = 8080;
