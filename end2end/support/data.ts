import type { APIRequestContext } from '@playwright/test';

let counter = 0;

/** A mobile number no other test uses (139 + 8 digits from the clock and a counter). */
export function uniquePhone(): string {
  counter += 1;
  const tail = (Date.now() % 1_000_000) * 100 + (counter % 100);
  return `139${String(tail).padStart(8, '0').slice(-8)}`;
}

/** The outlet's (Asia/Shanghai) date `days` from today, as YYYY-MM-DD. */
export function shanghaiDate(days: number): string {
  const shanghai = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return shanghai.toISOString().slice(0, 10);
}

/** The day `days` ahead in Shanghai, or the Saturday before it if it is a Sunday (the demo
 * outlets' short day, opening at 09:00): for steps that need a weekday's full hours. (Not the
 * Monday after: other specs book their own days ahead, and the day's board would be shared.) */
export function shanghaiWeekday(days: number): string {
  const sunday = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).getUTCDay() === 0;
  return shanghaiDate(sunday ? days - 1 : days);
}

/** Calls a server function the way the browser app does: POST JSON to /api/<endpoint>. */
export async function callServerFn(
  request: APIRequestContext,
  endpoint: string,
  args: object = {},
  headers: Record<string, string> = {},
) {
  const response = await request.post(`/api/${endpoint}`, { data: args, headers });
  const body = await response.json().catch(() => null);
  return { status: response.status(), body };
}

/** The six-digit code in the newest text the demo's message page shows for `phone`. */
export async function codeFromDemoOutbox(request: APIRequestContext, phone: string): Promise<string> {
  const page = await (await request.get('/dev/outbox')).text();
  const row = page.split('<tr>').find((r) => r.includes(`>${phone}<`));
  const code = row?.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
  if (!code) throw new Error(`no code on the demo outbox for ${phone}`);
  return code;
}

/** A client address of its own for each customer an arrange step registers: the server runs
 * as behind its load balancer (`TRUST_FORWARDED_FOR`), and the per-address limit on texted
 * codes is for one phone's network, not the whole suite's. */
function ownAddress(): string {
  counter += 1;
  return `10.${(counter >> 8) & 255}.${counter & 255}.${(Date.now() >> 4) & 255}`;
}

/** Asks for a registration code for `phone` and reads it off the demo's message page. */
export async function textedCode(request: APIRequestContext, phone: string): Promise<string> {
  const sent = await callServerFn(request, 'auth/send-code', { phone, purpose: 'Register' }, {
    'x-forwarded-for': ownAddress(),
  });
  if (sent.status !== 200) throw new Error(`send-code failed: ${JSON.stringify(sent)}`);
  return codeFromDemoOutbox(request, phone);
}

/** Registers a customer with one car through the API (arrange step for staff specs). */
export async function customerWithCar(request: APIRequestContext, name: string, plate: string) {
  const phone = uniquePhone();
  const code = await textedCode(request, phone);
  const registered = await callServerFn(request, 'auth/register', { phone, name, password: 'secret-pass-1', code });
  if (registered.status !== 200) throw new Error(`register failed: ${JSON.stringify(registered)}`);
  const car = await callServerFn(request, 'cars/add', {
    car: { plate, model: '大众 朗逸', vin: '', mileage_km: '42000' },
  });
  if (car.status !== 200) throw new Error(`add car failed: ${JSON.stringify(car)}`);
  return { phone, carId: car.body.id as number };
}

/** Finds a service type's id by its code (every demo outlet offers the whole catalogue). */
export async function serviceId(request: APIRequestContext, code: string): Promise<number> {
  const outlets = await callServerFn(request, 'catalog/outlets');
  const outlet = (outlets.body as Array<{ id: number }>)[0].id;
  const { body } = await callServerFn(request, 'catalog/service-types', { outlet });
  const service = (body.services as Array<{ id: number; code: string }>).find((s) => s.code === code);
  if (!service) throw new Error(`no service ${code}`);
  return service.id;
}
