import type { ReactNode } from 'react';
import { DetailModal } from '@/components/detail-modal';

/**
 * The dialog lives in the layout, not in the page: moving to the previous or next generation swaps
 * the page inside one dialog that stays open, instead of unmounting a dialog and opening another
 * (between the two, a key press would reach no dialog at all).
 */
export default function DetailModalLayout({ children }: { children: ReactNode }) {
  return <DetailModal>{children}</DetailModal>;
}
