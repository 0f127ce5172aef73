/** DATABASE_URL selects PostgreSQL when it is a `postgres://` or `postgresql://` URL; anything else means SQLite. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}
