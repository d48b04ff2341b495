/** Release of the bundled model (src/core/classify/model.json), written by npm run train. */
export const BUNDLED_MODEL_RELEASE = 26;
