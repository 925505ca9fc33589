/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { jest } from '@jest/globals';
import { useState } from 'react';
import { act, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { GraphQLFormattedError } from 'graphql';
import { Button, ErrorSummary, errorFor, TextInput } from '../components/govuk';
import { useApiForm } from './use-api-form';

/** A form as the pages build one: local checks, then the mutation (`run`), then the API's errors. */
function CrimeForm({ run, onDone }: { run: () => Promise<unknown>; onDone?: (ok: boolean) => void }) {
  const form = useApiForm({ crimeReference: 'crime' });
  const [crime, setCrime] = useState('');
  return (
    <>
      <ErrorSummary errors={form.errors} />
      <output data-kind={form.kind ?? ''} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const local = crime.trim() ? [] : [{ field: 'crime', message: 'Enter the crime reference' }];
          onDone?.(await form.submit(local, run));
        }}
      >
        <TextInput
          id="crime"
          label="Crime reference"
          value={crime}
          onChange={setCrime}
          error={errorFor(form.errors, 'crime')}
        />
        <Button disabled={form.busy}>Save</Button>
      </form>
    </>
  );
}

/** What Apollo Client 4 rejects a mutation with when the API answers with errors. */
const apiErrors = (...errors: GraphQLFormattedError[]) => new CombinedGraphQLErrors({ data: null, errors });

async function submitWith(run: () => Promise<unknown>, crime = 'CR/0001/26') {
  const user = userEvent.setup({ delay: null });
  const onDone = jest.fn<(ok: boolean) => void>();
  render(<CrimeForm run={run} onDone={onDone} />);
  if (crime) await user.type(screen.getByRole('textbox', { name: 'Crime reference' }), crime);
  await user.click(screen.getByRole('button', { name: 'Save' }));
  return { user, onDone };
}

const summaryItems = () =>
  within(screen.getByRole('alert'))
    .getAllByRole('listitem')
    .map((li) => li.textContent);
const kind = () => document.querySelector('output')?.getAttribute('data-kind');

describe('web: useApiForm turns API errors into GOV.UK form errors', () => {
  it('lastKind() gives a handler that awaited submit this submit’s outcome, which its render’s `kind` does not', async () => {
    const { result } = renderHook(() => useApiForm());
    const form = result.current;
    let ok = true;
    await act(async () => {
      ok = await form.submit([{ field: 'x', message: 'Enter x' }], () => Promise.resolve());
    });
    expect(ok).toBe(false);
    expect(form.kind).toBeUndefined();
    expect(form.lastKind()).toBe('invalid');
    await act(async () => {
      ok = await result.current.submit([], () =>
        Promise.reject(apiErrors({ message: 'stale', path: ['x'], extensions: { code: 'CONFLICT' } })),
      );
    });
    expect(result.current.lastKind()).toBe('conflict');
    expect(result.current.kind).toBe('conflict');
    await act(async () => {
      ok = await result.current.submit([], () => Promise.resolve());
    });
    expect(ok).toBe(true);
    expect(result.current.lastKind()).toBeUndefined();
  });

  it('shows local errors without calling the API', async () => {
    const run = jest.fn(() => Promise.resolve());
    const { onDone } = await submitWith(run, '');
    expect(run).not.toHaveBeenCalled();
    expect(onDone).toHaveBeenCalledWith(false);
    expect(kind()).toBe('invalid');
    expect(screen.getByRole('textbox', { name: 'Crime reference' })).toHaveAccessibleDescription(
      'Error: Enter the crime reference',
    );
  });

  it('puts a BAD_USER_INPUT error on its field: inline, and linked from the summary', async () => {
    const run = () =>
      Promise.reject(
        apiErrors({
          message: 'Enter a crime reference in your force’s format',
          path: ['recordBreach'],
          extensions: { code: 'BAD_USER_INPUT', field: 'input.crimeReference' },
        }),
      );
    const { onDone } = await submitWith(run);
    expect(onDone).toHaveBeenCalledWith(false);
    expect(kind()).toBe('invalid');
    expect(screen.getByRole('textbox', { name: 'Crime reference' })).toHaveAccessibleDescription(
      'Error: Enter a crime reference in your force’s format',
    );
    expect(
      within(screen.getByRole('alert')).getByRole('link', {
        name: 'Enter a crime reference in your force’s format',
      }),
    ).toHaveAttribute('href', '#crime');
  });

  it('says "someone else changed this" on CONFLICT, for the whole form, not a field', async () => {
    await submitWith(() =>
      Promise.reject(apiErrors({ message: 'version 3 is stale', extensions: { code: 'CONFLICT' } })),
    );
    expect(kind()).toBe('conflict');
    expect(summaryItems()).toEqual(['Someone else changed this record while you were working on it']);
    expect(within(screen.getByRole('alert')).queryByRole('link')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Crime reference' })).not.toHaveAttribute('aria-describedby');
    // The API's own wording (which may name versions or records) is never shown.
    expect(document.body).not.toHaveTextContent('stale');
  });

  it.each([
    ['FORBIDDEN', 'forbidden', 'You cannot make this change'],
    ['NOT_FOUND', 'not-found', 'This record does not exist or you cannot see it'],
    ['UNAUTHENTICATED', 'unauthenticated', 'Your session has ended. Sign in again.'],
    ['INTERNAL_SERVER_ERROR', 'other', 'Sorry, there is a problem with the service. Try again later.'],
  ])('maps %s to the general message', async (code, expectedKind, message) => {
    await submitWith(() =>
      Promise.reject(
        apiErrors({ message: 'Case c-1 is in clinic X', path: ['recordBreach'], extensions: { code } }),
      ),
    );
    expect(kind()).toBe(expectedKind);
    expect(summaryItems()).toEqual([message]);
    expect(document.body).not.toHaveTextContent('clinic X');
  });

  it('gives the service-problem message when the request itself fails', async () => {
    // Apollo Client 4 passes a network failure through as it is (fetch rejects with a TypeError).
    await submitWith(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(kind()).toBe('other');
    expect(summaryItems()).toEqual(['Sorry, there is a problem with the service. Try again later.']);
  });

  it('ranks a CONFLICT above field errors, but still shows both', async () => {
    await submitWith(() =>
      Promise.reject(
        apiErrors(
          {
            message: 'Enter the crime reference',
            extensions: { code: 'BAD_USER_INPUT', field: 'crimeReference' },
          },
          { message: 'stale', extensions: { code: 'CONFLICT' } },
        ),
      ),
    );
    expect(kind()).toBe('conflict');
    expect(summaryItems()).toEqual([
      'Enter the crime reference',
      'Someone else changed this record while you were working on it',
    ]);
    expect(screen.getByRole('textbox', { name: 'Crime reference' })).toHaveAccessibleDescription(
      'Error: Enter the crime reference',
    );
  });

  it('is busy while the API works, and clears old errors when a later submit succeeds', async () => {
    let finish = () => {};
    const run = jest
      .fn<() => Promise<unknown>>()
      .mockRejectedValueOnce(apiErrors({ message: 'x', extensions: { code: 'FORBIDDEN' } }))
      .mockReturnValueOnce(new Promise<void>((resolve) => (finish = resolve)));
    const { user, onDone } = await submitWith(run);
    expect(screen.getByRole('alert')).toHaveTextContent('You cannot make this change');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    finish();
    await waitFor(() => expect(onDone).toHaveBeenLastCalledWith(true));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(kind()).toBe('');
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
    expect(run).toHaveBeenCalledTimes(2);
  });
});
