import { button, el } from '../dom.ts'
import { humanize } from '../format.ts'
import { settle } from '../settle.ts'
import { initials, srOnly, type ShopContext, type View } from './view.ts'

/** `#/login`: a sign-in form, and the scenario's demo accounts one click away. */
export function loginView(ctx: ShopContext): View {
  const demo = ctx.scenario.personas.filter((p) => p.password !== null)
  const email = el('input', { id: 'login-email', name: 'email', type: 'email', autocomplete: 'username', required: '', value: demo[0]?.email ?? '' })
  const password = el('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: '', value: demo[0]?.password ?? '' })
  const error = el('p', { class: 'form-error', role: 'alert', id: 'login-error' })
  const submit = el('button', { type: 'submit' }, 'Sign in')
  const form = el('form', { class: 'stack', 'aria-labelledby': 'login-title', novalidate: '' },
    el('label', { for: 'login-email' }, 'Email'), email,
    el('label', { for: 'login-password' }, 'Password'), password,
    error,
    submit,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    settle(signIn(email.value, password.value), 'sign in')
  })

  async function signIn(address: string, secret: string): Promise<void> {
    submit.disabled = true
    try {
      const failure = await ctx.session.login(address, secret)
      error.textContent = failure ?? ''
      if (failure) password.setAttribute('aria-invalid', 'true')
      else ctx.navigate('#/')
    } finally {
      submit.disabled = false
    }
  }

  const accounts = demo.map((persona) =>
    el('li', {},
      button([
        el('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(persona.name)),
        el('span', { class: 'account-text' },
          el('strong', {}, srOnly('Sign in as '), persona.name),
          el('span', { class: 'muted' }, `${persona.email} · ${humanize(persona.subscription_tier)}`),
        ),
      ], { class: 'account-choice' }, () => {
        email.value = persona.email
        password.value = persona.password ?? ''
        settle(signIn(persona.email, persona.password ?? ''), 'sign in')
      }),
    ),
  )

  const node = el('div', { class: 'page login' },
    el('section', { class: 'card login-card', 'aria-labelledby': 'login-title' },
      el('div', { class: 'page-head' }, el('div', {}, el('h1', { id: 'login-title', tabindex: '-1' }, 'Sign in'), el('p', { class: 'lede' }, 'Each account is a persona: the shop shows it its own products, orders and plan.'))),
      form,
    ),
    accounts.length > 0
      ? el('section', { class: 'card', 'aria-labelledby': 'demo-accounts-title' },
          el('h2', { id: 'demo-accounts-title' }, 'Demo accounts'),
          el('ul', { class: 'account-list' }, ...accounts),
        )
      : null,
  )
  return { node, refresh: async () => undefined, follows: () => false }
}
