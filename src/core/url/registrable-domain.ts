export function registrableDomain(_host: string): string | null {
  throw new Error('TODO');
}
