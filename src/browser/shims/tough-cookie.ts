// Stands in for `tough-cookie` in the page bundle (aliased in vite.config.ts). msw's cookie jar
// only ever holds cookies from msw's own `HttpResponse` Set-Cookie headers; Verisim answers with
// native Responses, so the jar stays empty, and the real package would cost ~120 KB gzip (its
// public-suffix list) plus a domain lookup on every request.
// The shape msw imports: a class with a static factory.
// oxlint-disable-next-line no-extraneous-class
export class Cookie {
  static fromJSON(): null {
    return null
  }
}

export class MemoryCookieStore {
  idx: Record<string, unknown> = {}
}

export class CookieJar {
  getCookiesSync(): never[] {
    return []
  }

  async setCookie(): Promise<void> {}
}
