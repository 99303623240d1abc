import { hash } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import type { Category, TargetUnit } from '@dsd/shared/enums';
import type { AssignmentStatus } from '@dsd/shared/status-machines';
import { appendAudit } from '../audit-chain.ts';
import type { Database, Executor } from '../client.ts';
import * as t from '../schema/index.ts';
import { seedCarryOver } from './carry-over.ts';
import { ALMATY_DISTRICTS, CATEGORY_ROUTING, ROUTE_OVERRIDES, SERVICES } from './reference-data.ts';

export const DEMO_PASSWORD = 'demo12345';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.kz', role: 'admin', name: 'Администратор платформы', note: 'admin' },
  { email: 'coordinator@demo.kz', role: 'coordinator', name: 'Айгерим Садыкова', note: 'coordinator of all 8 districts' },
  { email: 'chair@demo.kz', role: 'chair', name: 'Венера Бактыбаева', note: 'chair of PKSK «Дәуір», Auezov' },
  { email: 'inspector@demo.kz', role: 'officer', name: 'Ерлан Жумабеков', note: 'officer, district_inspectors, Auezov' },
  { email: 'migration@demo.kz', role: 'officer', name: 'Даурен Касымов', note: 'officer, migration, Auezov' },
  { email: 'head@demo.kz', role: 'service_head', name: 'Марат Ибраев', note: 'service_head, district_inspectors, city-wide' },
  { email: 'resident@demo.kz', role: 'resident', name: 'Алия Нурланова', note: 'resident, Auezov' },
] as const;

/** Reference data (districts, services, categories, routing): safe to run on every start. */
export async function seedReferenceData(db: Executor): Promise<void> {
  await db
    .insert(t.districts)
    .values(ALMATY_DISTRICTS.map((d, i) => ({ slug: d.slug, nameRu: d.ru, nameKk: d.kk, nameEn: d.en, sortOrder: i })))
    .onConflictDoNothing();
  await db
    .insert(t.services)
    .values(SERVICES.map((s) => ({ code: s.code, nameRu: s.ru, nameKk: s.kk, nameEn: s.en })))
    .onConflictDoNothing();
  await db
    .insert(t.categories)
    .values(
      CATEGORY_ROUTING.map((c) => ({
        code: c.code,
        nameRu: c.ru,
        nameKk: c.kk,
        nameEn: c.en,
        defaultServiceCode: c.service,
        sensitive: c.sensitive ?? false,
      })),
    )
    .onConflictDoNothing();
  await db
    .insert(t.categoryRoutes)
    .values(ROUTE_OVERRIDES.map((r) => ({ districtSlug: r.districtSlug, categoryCode: r.category, serviceCode: r.service })))
    .onConflictDoNothing();
}

const ORGANIZATIONS: Array<{ district: string; type: 'KSK' | 'OSI' | 'PKSK'; name: string; address: string }> = [
  { district: 'auezov', type: 'PKSK', name: 'ПКСК «Дәуір»', address: 'мкр. Аксай-4, 27' },
  { district: 'auezov', type: 'OSI', name: 'ОСИ «Жетысу-2, дом 44»', address: 'мкр. Жетысу-2, 44' },
  { district: 'auezov', type: 'KSK', name: 'КСК «Мамыр»', address: 'мкр. Мамыр-4, 102' },
  { district: 'auezov', type: 'OSI', name: 'ОСИ «Аксай-3А»', address: 'мкр. Аксай-3А, 61' },
  { district: 'auezov', type: 'KSK', name: 'КСК «Таугуль»', address: 'мкр. Таугуль, 19' },
  { district: 'alatau', type: 'KSK', name: 'КСК «Шанырак»', address: 'мкр. Шанырак-2, 15' },
  { district: 'alatau', type: 'OSI', name: 'ОСИ «Саялы 5»', address: 'мкр. Саялы, 5' },
  { district: 'almaly', type: 'OSI', name: 'ОСИ «Толе би 180»', address: 'ул. Толе би, 180' },
  { district: 'almaly', type: 'KSK', name: 'КСК «Алмалы-Центр»', address: 'ул. Жамбыла, 114' },
  { district: 'bostandyk', type: 'OSI', name: 'ОСИ «Орбита-1»', address: 'мкр. Орбита-1, 30' },
  { district: 'bostandyk', type: 'KSK', name: 'КСК «Коктем»', address: 'мкр. Коктем-2, 8' },
  { district: 'zhetysu', type: 'KSK', name: 'КСК «Кулагер»', address: 'мкр. Кулагер, 52' },
  { district: 'zhetysu', type: 'PKSK', name: 'ПКСК «Жетысу-Сервис»', address: 'ул. Бекмаханова, 93' },
  { district: 'medeu', type: 'OSI', name: 'ОСИ «Самал-2, 33»', address: 'мкр. Самал-2, 33' },
  { district: 'medeu', type: 'KSK', name: 'КСК «Медеу-Тау»', address: 'ул. Зенкова, 75' },
  { district: 'nauryzbay', type: 'KSK', name: 'КСК «Калкаман»', address: 'мкр. Калкаман, 12' },
  { district: 'nauryzbay', type: 'OSI', name: 'ОСИ «Шугыла»', address: 'мкр. Шугыла, 340' },
  { district: 'turksib', type: 'KSK', name: 'КСК «Жулдыз»', address: 'мкр. Жулдыз-1, 20' },
  { district: 'turksib', type: 'OSI', name: 'ОСИ «Кайрат»', address: 'мкр. Кайрат, 77' },
];

const DAY = 24 * 60 * 60 * 1000;

/**
 * The demo: organizations, the demo accounts and staff, and the reference case (Auezov's first meeting of the
 * campaign with its proposals, decisions and instructions) plus meetings in every other district.
 * Runs once: a second call finds the demo admin and does nothing.
 */
export async function seedDemo(database: Database, now = new Date()): Promise<boolean> {
  const [existing] = await database.select({ id: t.users.id }).from(t.users).where(eq(t.users.email, 'admin@demo.kz'));
  if (existing) return false;
  const passwordHash = await hash(DEMO_PASSWORD);
  const at = (days: number, hour = 11) => {
    const d = new Date(now.getTime() + days * DAY);
    d.setUTCHours(hour - 5, 0, 0, 0);
    return d;
  };

  await database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7340022)`);
    const orgs = await tx
      .insert(t.organizations)
      .values(ORGANIZATIONS.map((o) => ({ type: o.type, name: o.name, districtSlug: o.district, address: o.address, buildings: [o.address] })))
      .returning({ id: t.organizations.id, name: t.organizations.name, districtSlug: t.organizations.districtSlug });
    const org = (name: string) => orgs.find((o) => o.name === name)!;
    const dauir = org('ПКСК «Дәуір»');

    const staff = [
      ...DEMO_ACCOUNTS,
      { email: 'chair.zhetysu2@demo.kz', role: 'chair', name: 'Гульнара Ахметова', note: '' },
      { email: 'chair.mamyr@demo.kz', role: 'chair', name: 'Серик Оспанов', note: '' },
      { email: 'video@demo.kz', role: 'officer', name: 'Тимур Абенов', note: '' },
      { email: 'narcotics@demo.kz', role: 'officer', name: 'Асель Каримова', note: '' },
      { email: 'juvenile@demo.kz', role: 'officer', name: 'Жанна Сейткали', note: '' },
      { email: 'helpers@demo.kz', role: 'officer', name: 'Бауыржан Токтаров', note: '' },
      { email: 'patrol@demo.kz', role: 'officer', name: 'Нуржан Алиев', note: '' },
    ] as const;
    const users = await tx
      .insert(t.users)
      .values(staff.map((u) => ({ email: u.email, name: u.name, role: u.role, passwordHash })))
      .returning({ id: t.users.id, email: t.users.email });
    const user = (email: string) => users.find((u) => u.email === email)!.id;

    const grants: Array<typeof t.roleGrants.$inferInsert> = [
      ...ALMATY_DISTRICTS.map((d) => ({ userId: user('coordinator@demo.kz'), districtSlug: d.slug })),
      { userId: user('chair@demo.kz'), organizationId: dauir.id, districtSlug: 'auezov' },
      { userId: user('chair.zhetysu2@demo.kz'), organizationId: org('ОСИ «Жетысу-2, дом 44»').id, districtSlug: 'auezov' },
      { userId: user('chair.mamyr@demo.kz'), organizationId: org('КСК «Мамыр»').id, districtSlug: 'auezov' },
      { userId: user('inspector@demo.kz'), serviceCode: 'district_inspectors', districtSlug: 'auezov' },
      { userId: user('migration@demo.kz'), serviceCode: 'migration', districtSlug: 'auezov' },
      { userId: user('head@demo.kz'), serviceCode: 'district_inspectors' },
      { userId: user('video@demo.kz'), serviceCode: 'video_surveillance', districtSlug: 'auezov' },
      { userId: user('narcotics@demo.kz'), serviceCode: 'counter_narcotics', districtSlug: 'auezov' },
      { userId: user('juvenile@demo.kz'), serviceCode: 'juvenile', districtSlug: 'auezov' },
      { userId: user('helpers@demo.kz'), serviceCode: 'public_helpers', districtSlug: 'auezov' },
      { userId: user('patrol@demo.kz'), serviceCode: 'patrol', districtSlug: 'auezov' },
    ];
    await tx.insert(t.roleGrants).values(grants);
    await tx.insert(t.follows).values({ userId: user('resident@demo.kz'), targetType: 'district', targetId: 'auezov' });

    const coordinator = user('coordinator@demo.kz');
    const [reference] = await tx
      .insert(t.meetings)
      .values({
        districtSlug: 'auezov',
        title: 'Встреча начальника ДП г. Алматы с председателями КСК и ОСИ Ауэзовского района',
        startsAt: at(-42),
        format: 'in_person',
        place: 'Акимат Ауэзовского района, актовый зал',
        agenda:
          'Старт кампании встреч с председателями КСК и ОСИ по районам. Насущные проблемы района, работа участковых инспекторов, предложения по безопасности и профилактике правонарушений.',
        minutes:
          'Председатели КСК высоко оценили выход старших участковых инспекторов в соцсети и их подключение к общедомовым чатам. ' +
          'С учётом густонаселённости района и предложений граждан даны поручения о целевых отработках по линии миграционной полиции и усилении профилактики наркопреступлений среди молодёжи. ' +
          'Решено увеличить количество камер в жилом массиве (большинство установлено в 2013–2017 годах), активизировать пешее патрулирование во дворах, укрепить институт общественных помощников полиции.',
        status: 'closed',
        version: 3,
        createdBy: coordinator,
      })
      .returning();
    const meetingId = reference!.id;
    await tx
      .insert(t.meetingAttendees)
      .values(orgs.filter((o) => o.districtSlug === 'auezov').map((o) => ({ meetingId, organizationId: o.id, registeredBy: coordinator })));
    await tx.insert(t.updates).values([
      { kind: 'status', meetingId, authorId: coordinator, fromStatus: 'planned', toStatus: 'held', createdAt: at(-42, 13) },
      { kind: 'status', meetingId, authorId: coordinator, fromStatus: 'held', toStatus: 'closed', createdAt: at(-41) },
    ]);

    const proposalRows: Array<{
      key: string;
      category: Category;
      title: string;
      body: string;
      author: string;
      orgName: string;
      address: string;
      lat: number;
      lng: number;
      status: 'accepted' | 'under_review';
      answer?: string;
      confidential?: string;
      supports: number;
    }> = [
      {
        key: 'cameras',
        category: 'cameras',
        author: 'chair@demo.kz',
        orgName: 'ПКСК «Дәуір»',
        address: 'мкр. Аксай-4, 27',
        lat: 43.2355,
        lng: 76.8493,
        status: 'accepted',
        supports: 14,
        title: 'Заменить камеры 2013–2017 годов во дворах',
        body: 'Почти во всех благоустроенных домах стоят камеры, но большинство установлено в 2013–2017 годах: изображение не позволяет опознать лица и номера. Просим модернизировать и добавить камеры во дворах.',
        answer: 'Принято. Департамент полиции включил жилой массив в план модернизации видеонаблюдения.',
      },
      {
        key: 'patrol',
        category: 'foot_patrol',
        author: 'chair.zhetysu2@demo.kz',
        orgName: 'ОСИ «Жетысу-2, дом 44»',
        address: 'мкр. Жетысу-2, 44',
        lat: 43.2291,
        lng: 76.8581,
        status: 'accepted',
        supports: 9,
        title: 'Пешие патрули во дворах по вечерам',
        body: 'Вечером во дворах собираются компании, жильцы боятся выходить. Просим пешее патрулирование дворов с 20:00 до 24:00.',
        answer: 'Принято: участковые инспекторы и патрульная полиция организуют пешие обходы дворов.',
      },
      {
        key: 'helpers',
        category: 'police_helpers',
        author: 'chair@demo.kz',
        orgName: 'ПКСК «Дәуір»',
        address: 'мкр. Аксай-4, 27',
        lat: 43.2359,
        lng: 76.8488,
        status: 'accepted',
        supports: 6,
        title: 'Больше общественных помощников полиции',
        body: 'Жильцы готовы помогать полиции. Просим набрать и обучить общественных помощников в каждом микрорайоне.',
        answer: 'Принято. Набор общественных помощников открыт.',
      },
      {
        key: 'drugs',
        category: 'drugs',
        author: 'chair.mamyr@demo.kz',
        orgName: 'КСК «Мамыр»',
        address: 'мкр. Мамыр-4',
        lat: 43.2118,
        lng: 76.8412,
        status: 'accepted',
        supports: 21,
        title: 'Сбыт синтетических наркотиков среди молодёжи',
        body: 'На стенах домов появляются надписи-рекламы «закладок», подростки находят тайники у подъездов. Просим усилить профилактику.',
        answer: 'Принято. Даны поручения службе противодействия наркопреступности и ювенальной полиции.',
        confidential: 'Надписи и тайники замечены у подъездов 3 и 5 дома 102, чаще после 22:00. Контакт для связи — через председателя.',
      },
      {
        key: 'migration',
        category: 'migration',
        author: 'chair.zhetysu2@demo.kz',
        orgName: 'ОСИ «Жетысу-2, дом 44»',
        address: 'мкр. Жетысу-2',
        lat: 43.2286,
        lng: 76.8593,
        status: 'accepted',
        supports: 7,
        title: 'Незарегистрированные жильцы в съёмных квартирах',
        body: 'В ряде квартир постоянно меняются жильцы без регистрации. Просим провести проверки.',
        answer: 'Принято: поручены целевые отработки миграционной полиции.',
        confidential: 'Квартиры 12 и 48, подъезд 2: до 10 человек, меняются еженедельно.',
      },
      {
        key: 'lighting',
        category: 'lighting',
        author: 'chair@demo.kz',
        orgName: 'ПКСК «Дәуір»',
        address: 'мкр. Аксай-4, между домами 27 и 29',
        lat: 43.2361,
        lng: 76.8501,
        status: 'under_review',
        supports: 3,
        title: 'Осветить проход между домами 27 и 29',
        body: 'Проход к остановке не освещён, вечером там темно и небезопасно.',
      },
    ];
    const proposalIds: Record<string, string> = {};
    for (const p of proposalRows) {
      const [row] = await tx
        .insert(t.proposals)
        .values({
          districtSlug: 'auezov',
          category: p.category,
          title: p.title,
          body: p.body,
          authorId: user(p.author),
          organizationId: org(p.orgName).id,
          meetingId,
          address: p.address,
          lat: p.lat,
          lng: p.lng,
          confidentialDetails: p.confidential ?? null,
          status: p.status,
          answer: p.answer ?? null,
          supportCount: 0,
          version: p.status === 'accepted' ? 3 : 2,
          createdAt: at(-45),
          updatedAt: at(-41),
        })
        .returning({ id: t.proposals.id });
      proposalIds[p.key] = row!.id;
      await tx.insert(t.updates).values([
        { kind: 'status', proposalId: row!.id, authorId: coordinator, fromStatus: 'submitted', toStatus: 'under_review', createdAt: at(-43) },
        ...(p.status === 'accepted'
          ? [
              {
                kind: 'status' as const,
                proposalId: row!.id,
                authorId: coordinator,
                fromStatus: 'under_review',
                toStatus: 'accepted',
                note: p.answer ?? null,
                createdAt: at(-41),
              },
            ]
          : []),
      ]);
    }
    // Supports by the demo resident and the other chairs; the counter is the number of rows.
    const supporters = ['resident@demo.kz', 'chair.mamyr@demo.kz', 'chair.zhetysu2@demo.kz', 'chair@demo.kz'].map(user);
    for (const [key, id] of Object.entries(proposalIds)) {
      const author = user(proposalRows.find((p) => p.key === key)!.author);
      const rows = supporters.filter((s) => s !== author).map((userId) => ({ proposalId: id, userId }));
      await tx.insert(t.supports).values(rows);
      await tx.update(t.proposals).set({ supportCount: rows.length }).where(eq(t.proposals.id, id));
    }

    type SeedAssignment = {
      service: string;
      status: AssignmentStatus;
      officer?: string;
      progress?: number;
      contribution?: number;
      dueInDays?: number;
      confirmation?: 'confirmed';
    };
    const decisionRows: Array<{
      kind: 'decision' | 'instruction';
      category: Category;
      title: string;
      description: string;
      proposals: string[];
      target?: [number, TargetUnit];
      dueInDays: number;
      assignments: SeedAssignment[];
    }> = [
      {
        kind: 'decision',
        category: 'cameras',
        title: 'Увеличить количество камер в жилом массиве',
        description: 'Заменить камеры 2013–2017 годов установки и добавить новые во дворах жилого массива.',
        proposals: ['cameras'],
        target: [40, 'cameras'],
        dueInDays: 60,
        assignments: [{ service: 'video_surveillance', status: 'in_progress', officer: 'video@demo.kz', progress: 30, contribution: 12 }],
      },
      {
        kind: 'decision',
        category: 'foot_patrol',
        title: 'Активизировать пешее патрулирование во дворах',
        description: 'Вечерние пешие обходы дворов участковыми инспекторами и патрульной полицией.',
        proposals: ['patrol'],
        dueInDays: 30,
        assignments: [
          { service: 'district_inspectors', status: 'in_progress', officer: 'inspector@demo.kz', progress: 40 },
          { service: 'patrol', status: 'dispatched' },
        ],
      },
      {
        kind: 'decision',
        category: 'police_helpers',
        title: 'Укрепить институт общественных помощников полиции',
        description: 'Набрать и обучить общественных помощников полиции в микрорайонах.',
        proposals: ['helpers'],
        target: [25, 'helpers'],
        dueInDays: 90,
        assignments: [{ service: 'public_helpers', status: 'accepted', officer: 'helpers@demo.kz', progress: 0, contribution: 0 }],
      },
      {
        kind: 'instruction',
        category: 'migration',
        title: 'Провести целевые отработки по линии миграционной полиции',
        description: 'С учётом густонаселённости района провести целевые отработки жилого сектора.',
        proposals: ['migration'],
        dueInDays: 14,
        assignments: [{ service: 'migration', status: 'dispatched' }],
      },
      {
        kind: 'instruction',
        category: 'drugs',
        title: 'Усилить профилактику наркопреступлений среди молодёжи',
        description: 'Пресечь сбыт синтетических наркотиков среди молодёжи: рейды, удаление рекламы, работа в школах.',
        proposals: ['drugs'],
        dueInDays: -3,
        assignments: [
          { service: 'counter_narcotics', status: 'in_progress', officer: 'narcotics@demo.kz', progress: 55 },
          { service: 'juvenile', status: 'done', officer: 'juvenile@demo.kz', progress: 100, dueInDays: 20 },
        ],
      },
    ];
    for (const d of decisionRows) {
      const dueAt = at(d.dueInDays, 18);
      const [decision] = await tx
        .insert(t.decisions)
        .values({
          meetingId,
          districtSlug: 'auezov',
          kind: d.kind,
          category: d.category,
          title: d.title,
          description: d.description,
          targetValue: d.target?.[0] ?? null,
          targetUnit: d.target?.[1] ?? null,
          dueAt,
          createdBy: coordinator,
          createdAt: at(-41),
        })
        .returning({ id: t.decisions.id });
      const decisionId = decision!.id;
      await tx.insert(t.decisionProposals).values(d.proposals.map((k) => ({ decisionId, proposalId: proposalIds[k]! })));
      for (const a of d.assignments) {
        const officerId = a.officer ? user(a.officer) : null;
        const [assignment] = await tx
          .insert(t.assignments)
          .values({
            decisionId,
            districtSlug: 'auezov',
            serviceCode: a.service,
            officerId,
            status: a.status,
            dueAt: a.dueInDays === undefined ? dueAt : at(a.dueInDays, 18),
            progress: a.progress ?? 0,
            contribution: a.contribution ?? null,
            version: 1 + pathTo(a.status).length,
            dispatchedAt: at(-41, 12),
            doneAt: a.status === 'done' ? at(-5) : null,
            createdAt: at(-41),
            updatedAt: at(-5),
          })
          .returning({ id: t.assignments.id });
        let prev = 'queued';
        for (const [i, next] of pathTo(a.status).entries()) {
          await tx.insert(t.updates).values({
            kind: 'status',
            decisionId,
            assignmentId: assignment!.id,
            authorId: next === 'dispatched' ? null : officerId,
            fromStatus: prev,
            toStatus: next,
            progress: next === 'done' ? 100 : null,
            createdAt: at(-41 + i * 3, 12),
          });
          prev = next;
        }
        if (a.progress && a.status === 'in_progress') {
          await tx.insert(t.updates).values({
            kind: 'progress',
            decisionId,
            assignmentId: assignment!.id,
            authorId: officerId,
            progress: a.progress,
            note: progressNote(a.service),
            createdAt: at(-6, 16),
          });
        }
      }
    }

    // Every other district has a planned meeting; some have held or closed ones too.
    const others = ALMATY_DISTRICTS.filter((d) => d.slug !== 'auezov');
    for (const [i, d] of others.entries()) {
      await tx.insert(t.meetings).values({
        districtSlug: d.slug,
        title: `Встреча с председателями КСК и ОСИ: ${d.ru}`,
        startsAt: at(7 + i * 4, 15),
        format: i % 3 === 2 ? 'hybrid' : 'in_person',
        place: `Акимат района (${d.ru})`,
        agenda: 'Безопасность во дворах, камеры, профилактика.',
        createdBy: coordinator,
      });
    }
    await tx.insert(t.meetings).values({
      districtSlug: 'auezov',
      title: 'Вторая встреча с председателями КСК и ОСИ Ауэзовского района: отчёт о поручениях',
      startsAt: at(21, 15),
      format: 'hybrid',
      place: 'Акимат Ауэзовского района',
      agenda: 'Отчёт служб о выполнении поручений первой встречи.',
      createdBy: coordinator,
    });
    for (const slugName of ['bostandyk', 'medeu', 'almaly']) {
      const districtOrgs = orgs.filter((o) => o.districtSlug === slugName);
      const closed = slugName === 'almaly';
      const [m] = await tx
        .insert(t.meetings)
        .values({
          districtSlug: slugName,
          title: 'Встреча с активом жилых комплексов',
          startsAt: at(-10, 15),
          format: 'in_person',
          place: 'Районное управление полиции',
          status: closed ? 'closed' : 'held',
          version: closed ? 3 : 2,
          minutes: closed ? 'Обсуждены освещение дворов и безопасность на дорогах у школ.' : null,
          createdBy: coordinator,
        })
        .returning({ id: t.meetings.id });
      await tx.insert(t.meetingAttendees).values(districtOrgs.map((o) => ({ meetingId: m!.id, organizationId: o.id })));
      await tx.insert(t.proposals).values({
        districtSlug: slugName,
        category: slugName === 'medeu' ? 'traffic' : 'lighting',
        meetingId: m!.id,
        title: slugName === 'medeu' ? 'Пешеходный переход у школы без светофора' : 'Тёмные дворы: нужно освещение',
        body: 'Жители просят рассмотреть вопрос на встрече.',
        authorId: user('resident@demo.kz'),
        status: closed ? 'accepted' : 'submitted',
        version: closed ? 3 : 1,
        answer: closed ? 'Принято, передано участковым инспекторам.' : null,
      });
      if (closed) {
        const [decision] = await tx
          .insert(t.decisions)
          .values({
            meetingId: m!.id,
            districtSlug: slugName,
            kind: 'decision',
            category: 'lighting',
            title: 'Обследовать неосвещённые дворы совместно с акиматом',
            dueAt: at(25, 18),
            createdBy: coordinator,
          })
          .returning({ id: t.decisions.id });
        await tx.insert(t.assignments).values({
          decisionId: decision!.id,
          districtSlug: slugName,
          serviceCode: 'district_inspectors',
          status: 'accepted',
          dueAt: at(25, 18),
          version: 3,
          dispatchedAt: at(-9),
        });
      }
    }

    await seedCarryOver(tx, now);
    await appendAudit(tx, {
      actorId: null,
      actorRole: 'system',
      action: 'demo.seeded',
      entityType: 'system',
      entityId: 'demo',
      after: { meetingId },
    });
  });
  return true;
}

const ORDER: AssignmentStatus[] = ['dispatched', 'accepted', 'in_progress', 'done'];
function pathTo(status: AssignmentStatus): AssignmentStatus[] {
  const i = ORDER.indexOf(status);
  return i < 0 ? [] : ORDER.slice(0, i + 1);
}

function progressNote(service: string): string {
  switch (service) {
    case 'video_surveillance':
      return 'Заменены 12 камер во дворах мкр. Аксай-4 и Жетысу-2.';
    case 'district_inspectors':
      return 'Вечерние обходы дворов проводятся 4 раза в неделю, участковые подключены к чатам домов.';
    case 'counter_narcotics':
      return 'Удалено 37 надписей-реклам, проведено 6 рейдов.';
    default:
      return 'Работа ведётся.';
  }
}
