export type { Brand, BrandData } from './types.ts';
export { DEFAULT_BRANDS } from './default-brands.ts';
