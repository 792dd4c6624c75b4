import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressHost, caddyfileLayout, catchAllHttpSites, foreignSite, tokens, withGoliveBlock } from '../../src/tls/caddyfile.js';

/** Debian 12's caddy 2.6.2 ships this Caddyfile (comments shortened). */
const DEBIAN_STOCK = `# The Caddyfile is an easy way to configure your Caddy web server.

:80 {
	# Set this path to your site's directory.
	root * /usr/share/caddy

	# Enable the static file server.
	file_server

	# Another common task is to set up a reverse proxy:
	# reverse_proxy localhost:8080
}

# Refer to the Caddy docs for more information:
# https://caddyserver.com/docs/caddyfile
`;

const ADMIN = `{
	email ops@example.com # the ACME account
}

(common) {
	encode gzip
}

# status page { braces in a comment }
https://Status.example.net:443, status2.example.net {
	import common
	respond "a } brace { in a string"
	@api path /api/*
	handle @api {
		reverse_proxy {upstream}
	}
}
import sites/*.caddy
`;

const BLOCK = '# BEGIN golive tls\napp.example.com {\n\treverse_proxy 127.0.0.1:8080\n}\n# END golive tls\n';

describe('Caddyfile layout', () => {
  it('splits tokens as Caddy does: quotes keep spaces, # starts a comment', () => {
    assert.deepEqual(tokens('\trespond "a } brace { in a string" 200 # note {'), ['respond', '"a } brace { in a string"', '200']);
    assert.deepEqual(tokens('reverse_proxy {upstream}'), ['reverse_proxy', '{upstream}']);
  });

  it("finds the global options, snippets and sites, by their own braces only", () => {
    const layout = caddyfileLayout(ADMIN);
    assert.deepEqual(layout.blocks, [
      { line: 1, kind: 'global', addresses: [] },
      { line: 5, kind: 'snippet', addresses: [] },
      { line: 10, kind: 'site', addresses: ['https://Status.example.net:443', 'status2.example.net'] },
    ]);
    assert.equal(layout.bracelessLine, undefined, 'an import at the top level is no site');
  });

  it('knows the host an address serves', () => {
    assert.equal(addressHost('https://Status.example.net:443/x'), 'status.example.net');
    assert.equal(addressHost('http://app.example.com'), 'app.example.com');
    assert.equal(addressHost(':80'), '');
    assert.equal(addressHost('[::1]:443'), '[::1]');
  });

  it("finds another site for one of golive's domains, with its line; golive's own block is not one", () => {
    assert.deepEqual(foreignSite(caddyfileLayout(ADMIN), ['app.example.com', 'status.example.net']), { line: 10, domain: 'status.example.net' });
    assert.equal(foreignSite(caddyfileLayout(`${ADMIN}\n${BLOCK}`), ['app.example.com']), undefined);
    assert.deepEqual(foreignSite(caddyfileLayout('http://app.example.com {\n\trespond hi\n}\n'), ['app.example.com']), { line: 1, domain: 'app.example.com' });
  });

  it("sees Debian's catch-all :80 site, and a site written without braces", () => {
    assert.deepEqual(catchAllHttpSites(caddyfileLayout(DEBIAN_STOCK)).map((s) => s.line), [3]);
    assert.equal(caddyfileLayout('app.example.org\nrespond "hi"\n').bracelessLine, 1);
  });

  it('refuses markers it cannot trust', () => {
    assert.throws(() => caddyfileLayout('# END golive tls\n# BEGIN golive tls\n'), /lines out of order/);
    assert.throws(() => caddyfileLayout(`${BLOCK}${BLOCK}`), /has 2 "# BEGIN golive tls" and 2/);
    assert.throws(() => caddyfileLayout('# BEGIN golive tls\n'), /has 1 "# BEGIN golive tls" and 0/);
  });
});

describe("golive's block in a Caddyfile", () => {
  it('is the whole file when there was none, or an empty one', () => {
    assert.equal(withGoliveBlock(null, BLOCK, undefined), BLOCK);
    assert.equal(withGoliveBlock('\n', BLOCK, caddyfileLayout('\n')), BLOCK);
  });

  it('goes after everything else, one blank line apart, every other byte kept', () => {
    const once = withGoliveBlock(DEBIAN_STOCK, BLOCK, caddyfileLayout(DEBIAN_STOCK));
    assert.equal(once, `${DEBIAN_STOCK}\n${BLOCK}`);
    const noNewline = 'a.example.org {\n}';
    assert.equal(withGoliveBlock(noNewline, BLOCK, caddyfileLayout(noNewline)), `${noNewline}\n\n${BLOCK}`);
  });

  it('is replaced in place on the next run, what surrounds it untouched', () => {
    const around = `# top\n${BLOCK}\n# after golive\nb.example.org {\n\trespond hi\n}\n`;
    const next = BLOCK.replace('8080', '9090');
    const replaced = withGoliveBlock(around, next, caddyfileLayout(around));
    assert.equal(replaced, around.replace('8080', '9090'));
    assert.equal(withGoliveBlock(replaced, next, caddyfileLayout(replaced)), replaced, 'the same block twice changes nothing');
  });
});
