import { unauthorized } from '../../errors.ts'
import { json, readJsonObject, requireString } from '../http.ts'
import { signToken } from '../jwt.ts'
import { loginBody, logoutBody, meBody } from '../../wire/wire.ts'
import type { RouteTable } from './route.ts'

const TOKEN_TTL_SECONDS = 24 * 60 * 60

export function authRoutes(router: RouteTable): void {
  router.add('POST', '/api/auth/login', async (domain, req) => {
    const body = await readJsonObject(req.request)
    const email = requireString(body, 'email')
    const password = requireString(body, 'password')
    const persona = domain.scenario.personas.find((p) => p.email.toLowerCase() === email.trim().toLowerCase())
    if (!persona || persona.password === null || persona.password !== password) {
      throw unauthorized('invalid_credentials', 'The email or password is incorrect.')
    }
    domain.activatePersona(req.workspace, persona)
    const iat = Math.floor(domain.wallNow() / 1000)
    const token = await signToken(
      { sub: persona.id, email: persona.email, name: persona.name, workspace: req.workspace, iat, exp: iat + TOKEN_TTL_SECONDS },
      domain.scenario.jwtSecret,
    )
    return json(loginBody(token, TOKEN_TTL_SECONDS, persona))
  })

  router.add('POST', '/api/auth/logout', (domain, req) => {
    const ws = domain.workspace(req.workspace)
    if (ws.persona_id !== null) domain.world.putWorkspace({ ...ws, persona_id: null })
    return json(logoutBody())
  })

  router.add('GET', '/api/auth/me', async (_domain, req) => json(meBody(await req.requirePersona())))
}
