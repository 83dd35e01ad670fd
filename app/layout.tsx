import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { type ReactNode, Suspense } from 'react';
import { preconnect } from 'react-dom';
import { FeedLink, SiteFeedLink } from '@/components/feed-link';
import { ModelChips } from '@/components/model-chips';
import { Providers } from '@/components/providers';
import { SearchBox, SearchBoxFallback } from '@/components/search-box';
import { SensitiveToggle } from '@/components/sensitive-cover';
import { ServiceWorkerRegistration } from '@/components/service-worker-registration';
import { imageDeliveryConfig } from '@/lib/config/image-delivery';
import { env } from '@/lib/env';
import './globals.css';

/** Per render, so PUBLIC_URL is read when the server runs, not when it was built. */
export function generateMetadata(): Metadata {
  return {
    // Relative metadata URLs (Open Graph images on the app's own /i/) resolve against the configured
    // public origin, never against request headers a client controls.
    metadataBase: new URL(env.PUBLIC_URL),
    title: { default: 'Vitrine — AI image showcase', template: '%s · Vitrine' },
    description: 'An endless showcase of public AI generations, delivered without wasted bytes.',
  };
}

export const viewport: Viewport = { themeColor: '#0b0b0f', colorScheme: 'dark' };

export default function RootLayout({ children, modal }: { children: ReactNode; modal: ReactNode }) {
  const { assetBaseUrl } = imageDeliveryConfig();
  // Images from the asset host (the Worker) are CORS requests: the connection is opened with the
  // HTML, before the first image is known.
  if (assetBaseUrl) preconnect(assetBaseUrl, { crossOrigin: 'anonymous' });
  return (
    <html lang="en">
      <body>
        {/* The first stop of the keyboard: past the header's search and chips to the page itself. */}
        <a href="#content" className="skip-link">
          Skip to content
        </a>
        <Providers>
          <header className="site-header">
            <Link href="/" className="brand">
              Vitrine
            </Link>
            <span className="tagline">public generations</span>
            {/* Both read the URL: on the cached head they render in the browser, in the header's
                fixed height (the fallbacks take the same room), so nothing moves when they do. */}
            <Suspense fallback={<SearchBoxFallback />}>
              <SearchBox />
            </Suspense>
            <Suspense fallback={<nav className="model-chips" aria-label="Models" />}>
              <ModelChips />
            </Suspense>
            <Suspense fallback={<SiteFeedLink />}>
              <FeedLink />
            </Suspense>
            <SensitiveToggle />
          </header>
          <main id="content" tabIndex={-1}>
            {children}
          </main>
          {modal}
        </Providers>
        <ServiceWorkerRegistration assetOrigin={assetBaseUrl} />
      </body>
    </html>
  );
}
