export interface Config {
  /** Configuration of the Preflight plugins (shared with the Preflight backend). */
  preflight?: {
    /** Policy rules shared by `preflight:policy:validate` and the Preflight readiness checks. */
    policy?: {
      /**
       * The image tags that count as immutable (`imageTagMutable`): regular expressions, each
       * matched against the whole tag. Replaces the built-in list (`DEFAULT_IMMUTABLE_TAG_PATTERNS`:
       * semver major.minor.patch with optional `v` and suffix, date stamps, `build-<n>`, commit
       * SHAs of 7–40 hex); `[]` accepts only images pinned by digest. Any other tag is floating
       * (`latest`, `alpine`, `3.19`, `main`) and is a blocking violation. An invalid expression
       * stops the backend at start-up.
       */
      immutableTags?: string[];
    };
  };
}
