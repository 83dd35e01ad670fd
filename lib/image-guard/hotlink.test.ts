import { describe, expect, it } from 'vitest';
import { isHotlinkAllowed, isKnownCrawler, parseAllowedHosts } from './hotlink';

const own = ['vitrine.example', 'localhost'];
const chrome =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

describe('isHotlinkAllowed', () => {
  it.each<[string, string | null, string | null, readonly string[], boolean]>([
    ['no Referer', null, chrome, own, true],
    ['empty Referer', '', chrome, own, true],
    ['blank Referer', '   ', chrome, own, true],
    ['own host', 'https://vitrine.example/', chrome, own, true],
    ['own host, http, port, path', 'http://vitrine.example:3000/g/1?x=1', chrome, own, true],
    ['own host, upper case', 'https://VITRINE.EXAMPLE/feed', chrome, own, true],
    ['own host, trailing dot', 'https://vitrine.example./feed', chrome, own, true],
    ['subdomain', 'https://www.vitrine.example/feed', chrome, own, true],
    ['deep subdomain', 'https://a.b.vitrine.example/', chrome, own, true],
    ['localhost with port', 'http://localhost:3000/', chrome, own, true],
    ['foreign host', 'https://hotlinker.example.net/', chrome, own, false],
    ['look-alike suffix', 'https://evilvitrine.example/', chrome, own, false],
    ['own host as a subdomain of a foreign one', 'https://vitrine.example.evil.net/', chrome, own, false],
    ['own host in the path', 'https://evil.net/vitrine.example', chrome, own, false],
    ['own host in userinfo', 'https://vitrine.example@evil.net/', chrome, own, false],
    ['not a URL', 'vitrine.example', chrome, own, false],
    ['non-http scheme', 'android-app://vitrine.example/', chrome, own, false],
    ['file scheme', 'file:///home/me/page.html', chrome, own, false],
    ['no hosts configured, foreign Referer', 'https://vitrine.example/', chrome, [], false],
    ['no hosts configured, no Referer', null, chrome, [], true],
    ['configured as *.host', 'https://www.vitrine.example/', chrome, ['*.vitrine.example'], true],
    ['configured with scheme', 'https://vitrine.example/', chrome, ['https://vitrine.example/'], true],
    ['crawler with foreign Referer', 'https://chat.example.org/', 'Discordbot/2.0', own, true],
    ['crawler, no hosts', 'https://x.example/', 'facebookexternalhit/1.1', [], true],
    [
      'crawler token is case-insensitive',
      'https://x.example/',
      'Mozilla/5.0 (compatible; BINGBOT/2.0)',
      own,
      true,
    ],
    ['no User-Agent, foreign Referer', 'https://x.example/', null, own, false],
  ])('%s', (_name, referer, userAgent, hosts, expected) => {
    expect(isHotlinkAllowed({ referer, userAgent }, hosts)).toBe(expected);
  });
});

describe('isKnownCrawler', () => {
  it.each([
    ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', true],
    ['Twitterbot/1.0', true],
    ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', true],
    ['Slack-ImgProxy (+https://api.slack.com/robots)', true],
    ['Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', true],
    ['LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)', true],
    ['WhatsApp/2.23.20.0', true],
    ['TelegramBot (like TwitterBot)', true],
    ['Pinterestbot/1.0', true],
    ['Googlebot-Image/1.0', true],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', true],
    ['Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15', false],
    [chrome, false],
    ['', false],
    [null, false],
  ])('%s → %s', (userAgent, expected) => {
    expect(isKnownCrawler(userAgent)).toBe(expected);
  });
});

describe('parseAllowedHosts', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['', []],
    ['vitrine.example', ['vitrine.example']],
    [
      'vitrine.example, www.vitrine.example ,localhost',
      ['vitrine.example', 'www.vitrine.example', 'localhost'],
    ],
    [
      'https://Vitrine.Example/ *.cdn.example localhost:3000',
      ['vitrine.example', 'cdn.example', 'localhost'],
    ],
    [' , ,', []],
  ])('%j → %j', (value, expected) => {
    expect(parseAllowedHosts(value)).toEqual(expected);
  });
});
