import { describe, expect, it } from 'vitest';
import type { ImageDeliveryConfig } from './providers';
import { buildImageUrl, imageProviderNames, isImageProvider } from './providers';

const app: ImageDeliveryConfig = { provider: 'cloudflare', assetBaseUrl: '' };
const edge: ImageDeliveryConfig = { provider: 'cloudflare', assetBaseUrl: 'https://assets.example.com' };
const imagekit: ImageDeliveryConfig = {
  provider: 'imagekit',
  assetBaseUrl: '',
  imagekitUrlEndpoint: 'https://ik.imagekit.io/vitrine',
};
const origin: ImageDeliveryConfig = { provider: 'origin', assetBaseUrl: '' };

describe('buildImageUrl', () => {
  it.each<[string, ImageDeliveryConfig, string, number, string]>([
    ['cloudflare, the app itself', app, 'g/ab.jpg', 640, '/i/w-640/g/ab.jpg'],
    ['cloudflare, asset host', edge, 'g/ab.jpg', 640, 'https://assets.example.com/i/w-640/g/ab.jpg'],
    ['width snapped to the ladder', edge, 'g/ab.jpg', 700, 'https://assets.example.com/i/w-640/g/ab.jpg'],
    ['tie snapped up', app, 'g/ab.jpg', 480, '/i/w-640/g/ab.jpg'],
    ['above the ladder', app, 'g/ab.jpg', 4000, '/i/w-1920/g/ab.jpg'],
    ['leading slash dropped', app, '/g/ab.jpg', 320, '/i/w-320/g/ab.jpg'],
    // `small` is 1000 px wide: w-1280 holds its own 1000 pixels, and nothing above is emitted.
    ['the rung above the source, served at its width', app, 'g/small.jpg', 1280, '/i/w-1280/g/small.jpg'],
    ['never two rungs above the source', app, 'g/small.jpg', 1920, '/i/w-1280/g/small.jpg'],
    [
      'imagekit capped too',
      imagekit,
      'g/small.jpg',
      1920,
      'https://ik.imagekit.io/vitrine/tr:w-1280,q-75/g/small.jpg',
    ],
    [
      'trailing slash on the base dropped',
      { provider: 'cloudflare', assetBaseUrl: 'https://assets.example.com/' },
      'g/ab.jpg',
      960,
      'https://assets.example.com/i/w-960/g/ab.jpg',
    ],
    ['imagekit', imagekit, 'g/ab.jpg', 640, 'https://ik.imagekit.io/vitrine/tr:w-640,q-75/g/ab.jpg'],
    [
      'imagekit snapped',
      imagekit,
      'g/ab.jpg',
      1300,
      'https://ik.imagekit.io/vitrine/tr:w-1280,q-75/g/ab.jpg',
    ],
    [
      'imagekit without an endpoint falls back to /i/',
      { provider: 'imagekit', assetBaseUrl: 'https://assets.example.com' },
      'g/ab.jpg',
      640,
      'https://assets.example.com/i/w-640/g/ab.jpg',
    ],
    ['origin', origin, 'g/ab.jpg', 640, '/o/g/ab.jpg'],
    [
      'origin on an asset host',
      { provider: 'origin', assetBaseUrl: 'https://assets.example.com' },
      'g/ab.jpg',
      1920,
      'https://assets.example.com/o/g/ab.jpg',
    ],
  ])('%s', (_name, config, path, width, expected) => {
    // g/small.jpg is 1000 px wide (it fills 320, 640 and 960, and gets 1280 at its own width); the
    // others are 4096 px.
    expect(buildImageUrl(config, path, width, path.includes('small') ? 1000 : 4096)).toBe(expected);
  });
});

describe('providers registry', () => {
  it('lists the three providers', () => {
    expect(imageProviderNames).toEqual(['cloudflare', 'imagekit', 'origin']);
    expect(isImageProvider('imagekit')).toBe(true);
    expect(isImageProvider('cloudinary')).toBe(false);
  });
});
