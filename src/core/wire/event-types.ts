/**
 * What a fact becomes on the way out: the webhook payload an endpoint is posted, the frame a socket
 * is pushed (plus the socket protocol's own frames), and the message the webhook inspector shows.
 * Type aliases, as in wire-types.ts.
 */

// Webhook payloads: `{event, …the fact's fields, timestamp}`

export type OrderCreatedPayload = {
  event: 'order.created'
  order_id: string
  user_id: string
  product_id: string
  quantity: number
  total: number
  status: string
  timestamp: string
}

export type PaymentReceivedPayload = {
  event: 'payment.received'
  order_id: string
  payment_id: string
  user_id: string
  amount: number
  currency: string
  timestamp: string
}

/** A step of an order's lifecycle, `order.<state>`. */
export type OrderStatusPayload<E extends `order.${string}` = `order.${string}`> = {
  event: E
  order_id: string
  user_id: string
  status: string
  previous_status: string
  /** From the moment the order has shipped. */
  tracking_number?: string
  timestamp: string
}

export type OrderShippedPayload = OrderStatusPayload<'order.shipped'> & { tracking_number: string }

/** A step of a persona's subscription lifecycle, `subscription.<state>`. */
export type SubscriptionStatusPayload<E extends `subscription.${string}` = `subscription.${string}`> = {
  event: E
  user_id: string
  status: string
  previous_status: string
  payment_failed_count: number
  timestamp: string
}

/** The entity type a lifecycle event is about: `loan` for `loan.overdue`. */
type TypeOfEvent<E extends string> = E extends `${infer T}.${string}` ? T : string

/**
 * A step of the lifecycle of an entity of any other type (a preset with `entity: loan`),
 * `<type>.<state>`, with the entity's id under `<type>_id`: `{event: 'loan.overdue', loan_id, …}`.
 */
export type EntityStatusPayload<E extends string = string> = {
  event: E
  status: string
  previous_status: string
  timestamp: string
} & { [K in `${TypeOfEvent<E>}_id`]: string }

/**
 * A change to a spec resource's item (`loan.created`, `loan.updated`, `loan.deleted`), with its id
 * under `<type>_id`; a created item of a type a preset drives also has its first `status`.
 */
export type ResourceChangePayload<E extends string = string> = {
  event: E
  status?: string
  timestamp: string
} & { [K in `${TypeOfEvent<E>}_id`]: string }

export type WebhookPayload =
  | OrderCreatedPayload | PaymentReceivedPayload | OrderStatusPayload | SubscriptionStatusPayload | EntityStatusPayload | ResourceChangePayload

/**
 * The payload of event `E` (`WebhookPayloadOf<'order.shipped'>` has its tracking number, `loan.overdue`
 * is an `EntityStatusPayload` with its `loan_id`); any event's for `string`, never for a name
 * without a `.`.
 */
export type WebhookPayloadOf<E extends string> = string extends E
  ? WebhookPayload
  : E extends 'order.created'
    ? OrderCreatedPayload
    : E extends 'payment.received'
      ? PaymentReceivedPayload
      : E extends 'order.shipped'
        ? OrderShippedPayload
        : E extends `order.${string}`
          ? OrderStatusPayload<E>
          : E extends `subscription.${string}`
            ? SubscriptionStatusPayload<E>
            : E extends `${string}.${'created' | 'updated' | 'deleted'}`
              ? ResourceChangePayload<E>
              : E extends `${string}.${string}`
                ? EntityStatusPayload<E>
                : never

// Sockets

/** The answer to `{"type":"init"}`. */
export type InitAckFrame = { type: 'init_ack'; workspace: string; persona: { id: string; name: string; email: string } | null }

export type OrderCreatedFrame = { type: 'order_created'; order_id: string; status: string; timestamp: string }

/** Every step of an order's lifecycle. */
export type OrderStatusUpdateFrame = { type: 'order_status_update'; order_id: string; status: string; timestamp: string; tracking_number?: string }

export type PaymentReceivedFrame = { type: 'payment_received'; order_id: string; payment_id: string; amount: number; timestamp: string }

export type SubscriptionStatusUpdateFrame = {
  type: 'subscription_status_update'; user_id: string; status: string; previous_status: string; timestamp: string
}

/**
 * Every step of the lifecycle of an entity of any other type `T` (a preset with `entity: loan`):
 * `{type: 'loan_status_update', loan_id, status, previous_status, timestamp}`.
 */
export type EntityStatusUpdateFrame<T extends string = string> = {
  type: `${T}_status_update`
  status: string
  previous_status: string
  timestamp: string
} & { [K in `${T}_id`]: string }

/** A message the socket could not take; the socket stays open. */
export type ErrorFrame = { type: 'error'; error: string; message: string }

export type PongFrame = { type: 'pong' }

/** The frames a fact becomes. */
/** The workspace was restored to a snapshot: what a client showed before is out of date. */
export type StateRestoredFrame = { type: 'state_restored'; snapshot_id: string; virtual_time: string }

export type FactFrame = OrderCreatedFrame | OrderStatusUpdateFrame | PaymentReceivedFrame | SubscriptionStatusUpdateFrame | EntityStatusUpdateFrame | StateRestoredFrame

export type SocketFrame = InitAckFrame | FactFrame | ErrorFrame | PongFrame

// The webhook inspector (BroadcastChannel `verisim:webhooks`)

/** One attempt of a delivery, as the inspector page and the demo's live feed receive it. */
export type InspectorMessage = {
  delivery_id: string
  workspace: string
  endpoint: string
  url: string
  event: string
  headers: Record<string, string>
  body: WebhookPayload
}
