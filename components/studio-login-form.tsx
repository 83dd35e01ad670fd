'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { studioApi } from './studio-api';

export function StudioLoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await studioApi.logIn(String(form.get('email')), String(form.get('password')));
      router.replace('/studio');
      router.refresh();
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  };
  return (
    <form className="studio-login" onSubmit={submit}>
      <h1>Curator login</h1>
      <label>
        <span>E-mail</span>
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        <span>Password</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Logging in…' : 'Log in'}
      </button>
      {error ? (
        <p className="studio-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
