/**
 * A table a check needs is not loaded (data kept out of the worker's script and fetched at a wake: the confusables,
 * the public suffixes). A check that meets one must fail — an error the caller sees, never a silent "no signal".
 */
export class DataUnavailable extends Error {}
