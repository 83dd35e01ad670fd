import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Vitrine — AI image showcase', template: '%s · Vitrine' },
  description: 'An endless showcase of public AI generations, delivered without wasted bytes.',
};

export const viewport: Viewport = { themeColor: '#0b0b0f', colorScheme: 'dark' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <a href="/" className="brand">
            Vitrine
          </a>
          <span className="tagline">public generations</span>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
