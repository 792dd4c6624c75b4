import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeCrowdsec, judgeMonitoring, judgeScanner, parseBouncerList, parseUnitList, type ServicesFacts, servicesCheck } from '../../src/audit/services.js';

/** `systemctl list-units --type=service --state=active --no-legend --plain --no-pager` on a stock Debian 12 test server. */
const STOCK_UNITS = `cron.service                       loaded active running Regular background program processing daemon
dbus.service                       loaded active running D-Bus System Message Bus
ssh.service                        loaded active running OpenBSD Secure Shell server
systemd-journal-flush.service      loaded active exited  Flush Journal to Persistent Storage
systemd-journald.service           loaded active running Journal Service
ufw.service                        loaded active exited  Uncomplicated firewall
unattended-upgrades.service        loaded active running Unattended Upgrades Shutdown
`;

const stock: ServicesFacts = { services: parseUnitList(STOCK_UNITS), containers: null, bouncers: null, scanners: [] };

describe('services the audit looks for', () => {
  it('reads unit names from systemctl', () => {
    assert.deepEqual(stock.services, ['cron', 'dbus', 'ssh', 'systemd-journal-flush', 'systemd-journald', 'ufw', 'unattended-upgrades']);
  });

  it('reads cscli bouncers list -o json: none ever added is null, an unreadable answer is unknown', () => {
    assert.deepEqual(parseBouncerList('null\n'), []);
    assert.deepEqual(parseBouncerList('[]'), []);
    assert.deepEqual(parseBouncerList('[{"name":"cs-firewall-bouncer-1699","ip_address":"127.0.0.1","valid":true,"type":"crowdsec-firewall-bouncer"}]'), ['cs-firewall-bouncer-1699']);
    assert.equal(parseBouncerList('level=fatal msg="unable to open database"'), null);
  });

  it('crowdsec: fail with neither, warn with the agent alone, pass with agent and bouncer', () => {
    assert.equal(judgeCrowdsec(stock).status, 'fail');
    const agent = { ...stock, services: [...stock.services!, 'crowdsec'] };
    assert.equal(judgeCrowdsec(agent).status, 'warn');
    assert.match(judgeCrowdsec({ ...agent, bouncers: [] }).evidence, /no bouncer.*cscli bouncers list: none/);
    assert.equal(judgeCrowdsec({ ...agent, services: [...agent.services, 'crowdsec-firewall-bouncer'] }).evidence, 'crowdsec.service active; crowdsec-firewall-bouncer.service active');
    assert.equal(judgeCrowdsec({ ...agent, bouncers: ['nginx-bouncer'] }).status, 'pass');
    const inDocker = { ...stock, containers: [{ name: 'crowdsec', image: 'crowdsecurity/crowdsec:v1.6.3' }], services: [...stock.services!, 'crowdsec-firewall-bouncer'] };
    assert.equal(judgeCrowdsec(inDocker).status, 'pass');
    assert.equal(judgeCrowdsec({ ...stock, services: ['crowdsec-firewall-bouncer'] }).status, 'warn', 'a bouncer alone may use a remote API');
    assert.equal(judgeCrowdsec({ ...stock, services: null }).status, 'unknown');
  });

  it('monitoring: a service or a container of prometheus, the node exporter or grafana passes; none warns', () => {
    assert.equal(judgeMonitoring(stock).status, 'warn');
    assert.equal(judgeMonitoring({ ...stock, services: ['prometheus-node-exporter'] }).evidence, 'prometheus-node-exporter.service active');
    assert.equal(judgeMonitoring({ ...stock, containers: [{ name: 'app-web-1', image: 'app:latest' }, { name: 'metrics', image: 'prom/node-exporter:v1.8.2' }] }).evidence, 'container metrics (prom/node-exporter:v1.8.2)');
    assert.equal(judgeMonitoring({ ...stock, containers: [{ name: 'app-web-1', image: 'app:latest' }] }).status, 'warn');
  });

  it('scan.images: a scanner on the PATH passes, none warns', () => {
    assert.equal(judgeScanner(stock).status, 'warn');
    assert.deepEqual(judgeScanner({ ...stock, scanners: ['/usr/bin/trivy'] }), { ...servicesCheck.items[2]!, status: 'pass', evidence: 'found: /usr/bin/trivy' });
  });
});
