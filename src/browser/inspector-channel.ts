/** The BroadcastChannel on which the page shows each webhook delivery to the inspector page. */
export const INSPECTOR_CHANNEL = 'verisim:webhooks'
