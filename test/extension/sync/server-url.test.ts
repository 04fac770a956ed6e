// Which team servers Waypoint talks to: https anywhere, http only on loopback unless explicitly excepted.
import { describe, expect, it } from 'vitest';
import { checkServerUrl, isLoopbackHost, requireSafeServerUrl, ServerUrlError } from '@/sync/server-url';

describe('server addresses', () => {
  it('accepts https anywhere and http on this computer', () => {
    expect(requireSafeServerUrl('https://waypoint.example.com/')).toMatchObject({
      url: 'https://waypoint.example.com',
      transport: 'https',
    });
    expect(requireSafeServerUrl('http://127.0.0.1:8787')).toMatchObject({ transport: 'loopback' });
    expect(requireSafeServerUrl('http://localhost:8787/team/')).toMatchObject({
      url: 'http://localhost:8787/team',
      transport: 'loopback',
    });
    expect(requireSafeServerUrl('http://[::1]:8787').transport).toBe('loopback');
  });

  it('guesses https for a bare host name and http for a bare loopback address', () => {
    expect(checkServerUrl('waypoint.example.com').url).toBe('https://waypoint.example.com');
    expect(checkServerUrl('127.0.0.1:8787').url).toBe('http://127.0.0.1:8787');
  });

  it('refuses plain http on the network unless the person allows the exception', () => {
    expect(() => requireSafeServerUrl('http://team.attacker.example')).toThrow(/unencrypted/);
    try {
      requireSafeServerUrl('http://10.0.0.5:8787');
    } catch (error) {
      expect(error).toBeInstanceOf(ServerUrlError);
      expect((error as ServerUrlError).insecure).toBe(true);
    }
    expect(requireSafeServerUrl('http://10.0.0.5:8787', { allowInsecure: true }).transport).toBe('insecure');
  });

  it('refuses other schemes, credentials and nonsense with a plain message', () => {
    expect(() => checkServerUrl('ftp://example.com')).toThrow(/https:\/\//);
    expect(() => checkServerUrl('javascript://alert(1)')).toThrow(ServerUrlError);
    expect(() => checkServerUrl('https://user:pw@example.com')).toThrow(/user name or password/);
    expect(() => checkServerUrl('   ')).toThrow(/Enter the address/);
    expect(() => checkServerUrl('http://exa mple.com')).toThrow(/not a server address/);
  });

  it('knows loopback hosts', () => {
    expect(['localhost', 'app.localhost', '127.8.9.1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['localhost.evil.example', '128.0.0.1', '10.0.0.1', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});
