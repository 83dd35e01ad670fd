import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { ServiceWorkerRegistration } from '@/components/service-worker-registration';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Vitrine — AI image showcase', template: '%s · Vitrine' },
  description: 'An endless showcase of public AI generations, delivered without wasted bytes.',
};

export const viewport: Viewport = { themeColor: '#0b0b0f', colorScheme: 'dark' };

export default function RootLayout({ children, modal }: { children: ReactNode; modal: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            Vitrine
          </Link>
          <span className="tagline">public generations</span>
        </header>
        <Providers>
          <main>{children}</main>
          {modal}
        </Providers>
        <ServiceWorkerRegistration />
      </body>
    </html>
  );
}
