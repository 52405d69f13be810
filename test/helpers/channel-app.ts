import { Readable } from 'node:stream';
import { createGuideSkill } from '../../src/answer/index.ts';
import type { AppDeps } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { ChatStore } from '../../src/core/chats.ts';
import { Composer } from '../../src/core/composer.ts';
import { feedback } from '../../src/core/feedback-skill.ts';
import { basics } from '../../src/core/basics.ts';
import { guideRoutes } from '../../src/answer/guide-skill.ts';
import { createCore } from '../../src/core/handle.ts';
import type { Core } from '../../src/core/types.ts';
import { dossierStatus } from '../../src/dossiers/status-skill.ts';
import { figures } from '../../src/indicators/figure-skill.ts';
import { importDossiers, importUnits } from '../../src/indicators/import/index.ts';
import { createLogger } from '../../src/log.ts';
import { createOfficerDirectory } from '../../src/officers/directory.ts';
import { enrollment } from '../../src/officers/enroll-skill.ts';
import { reportToggle } from '../../src/officers/report-toggle-skill.ts';
import type { TestDatabase } from './db.ts';

/** The real core (real skills, as they are today) over a test database, as `createApp` builds it. */
export async function coreFor(db: TestDatabase, env: Record<string, string> = {}): Promise<{ core: Core; config: Config }> {
  const config = loadConfig({ DATA_DIR: db.dataDir, LOG_LEVEL: 'silent', ...env });
  const log = createLogger('silent');
  const deps: AppDeps = { config, db, log };
  // assembleApp's composition without support and curated answers.
  const skills = new Composer().use(
    feedback({ db }),
    basics(),
    enrollment({ db }),
    reportToggle({ db, config }),
    dossierStatus({ db }),
    await figures({ db, config }),
    guideRoutes(await createGuideSkill(deps)),
  );
  const core = createCore({ chats: new ChatStore(db.kysely), officers: createOfficerDirectory(db.kysely), log, skills });
  return { core, config };
}

/** One dossier a citizen can look up on a channel: done late, with a reason and the commune's own one-stop desk. */
export const LOOKUP = {
  code: 'H26.103.25.7-251020-0031',
  contact: 'Bộ phận Một cửa UBND xã Thử, số 5 đường Chợ, 0254 3 111 222',
};

/** Imports the units and the dossier of `LOOKUP` as a province's files would bring them. */
export async function importLookup(db: TestDatabase): Promise<void> {
  await importUnits(db.kysely, Readable.from([`ma_don_vi,ten_don_vi,ma_don_vi_cha,lien_he_mot_cua\nLK.XA,UBND xã Thử,,"${LOOKUP.contact}"\n`]));
  const head = 'ma_ho_so,ma_don_vi,ma_thu_tuc,kenh_nop,ngay_tiep_nhan,han_xu_ly,ngay_hoan_thanh,co_phi,thanh_toan_truc_tuyen,da_so_hoa,ket_qua_dien_tu,ly_do_tre_han';
  const row = `${LOOKUP.code},LK.XA,2.000001,truc_tuyen,2025-10-20T08:00:00+07:00,2025-10-22T17:00:00+07:00,2025-10-24T10:00:00+07:00,0,0,1,0,Chờ xác minh nơi cư trú`;
  await importDossiers(db.kysely, Readable.from([`${head}\n${row}\n`]));
}
