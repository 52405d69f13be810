import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importUnits } from '../src/indicators/import/index.ts';
import { splitAliases } from '../src/indicators/import/units.ts';
import { buildQuickReport, UnknownReportUnitError } from '../src/indicators/quick-report.ts';
import {
  findUnitMention,
  findUnitMentions,
  inSubtree,
  loadUnits,
  rankedUnits,
  type UnitRow,
  unitByCode,
  unknownUnitText,
} from '../src/indicators/units.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const UNITS: UnitRow[] = [
  { code: 'TINH', name: 'UBND tỉnh Minh Họa', parentCode: null, path: '/TINH/' },
  { code: 'SYT', name: 'Sở Y tế', parentCode: 'TINH', path: '/TINH/SYT/' },
  { code: 'SYT.VP', name: 'Văn phòng Sở Y tế', parentCode: 'SYT', path: '/TINH/SYT/SYT.VP/' },
  { code: 'SYT.NV1', name: 'Phòng Nghiệp vụ Y', parentCode: 'SYT', path: '/TINH/SYT/SYT.NV1/' },
  { code: 'SYT.NV2', name: 'Phòng Nghiệp vụ Dược', parentCode: 'SYT', path: '/TINH/SYT/SYT.NV2/' },
  { code: 'SYT.ATTP', name: 'Chi cục An toàn vệ sinh thực phẩm', parentCode: 'SYT', path: '/TINH/SYT/SYT.ATTP/' },
  { code: 'STP', name: 'Sở Tư pháp', parentCode: 'TINH', path: '/TINH/STP/' },
  { code: 'STP.VP', name: 'Văn phòng Sở Tư pháp', parentCode: 'STP', path: '/TINH/STP/STP.VP/' },
  { code: 'XA.ANPHU', name: 'UBND xã An Phú', parentCode: 'TINH', path: '/TINH/XA.ANPHU/', aliases: ['Xã AP'] },
  { code: 'XA.BT', name: 'UBND phường Bình Thạnh', parentCode: 'TINH', path: '/TINH/XA.BT/' },
];
const at = (code: string) => UNITS.find((u) => u.code === code)!;

const mentions = (q: string, home = 'TINH') =>
  findUnitMentions(q, UNITS, at(home)).map((m) => (m.kind === 'unit' ? m.unit.code : m.kind === 'unknown' ? `?${m.said}` : `~${m.units.map((u) => u.code).join('|')}`));

describe('units by the names people use', () => {
  it.each([
    ['tỷ lệ trực tuyến SYT.NV1 tháng này', 'SYT', ['SYT.NV1']],
    ['ty le truc tuyen syt.nv2?', 'SYT', ['SYT.NV2']],
    ['tl tt Syt.Attp t10', 'SYT', ['SYT.ATTP']],
    ['tỷ lệ trực tuyến phòng nghiệp vụ dược', 'SYT', ['SYT.NV2']],
    ['tỷ lệ trực tuyến nghiệp vụ y tháng này', 'SYT', ['SYT.NV1']],
    ['phòng dược thì sao', 'SYT', ['SYT.NV2']],
    ['tl dung han P.Dược q3', 'SYT', ['SYT.NV2']],
    ['tỷ lệ đúng hạn chi cục ATVSTP tháng 10', 'SYT', ['SYT.ATTP']],
    ['tl tt t10 cua ATTP', 'SYT', ['SYT.ATTP']],
    ['chi cục an toàn thực phẩm quý 3', 'SYT', ['SYT.ATTP']],
    ['văn phòng sở tháng 10', 'SYT', ['SYT.VP']],
    // Two "văn phòng sở": the officer's own Sở decides; from the province it is ambiguous.
    ['văn phòng sở tháng 10', 'STP', ['STP.VP']],
    ['văn phòng sở tháng 10', 'TINH', ['~SYT.VP|STP.VP']],
    ['tỷ lệ trực tuyến của sở', 'SYT.NV2', ['SYT']],
    ['tl tt toàn tỉnh', 'SYT', ['TINH']],
    ['tl tt phong minh', 'SYT.NV1', ['SYT.NV1']],
    ['ty le dung han xa an phu', 'TINH', ['XA.ANPHU']],
    ['tỷ lệ đúng hạn An Phú quý này', 'TINH', ['XA.ANPHU']],
    ['tl tt xã AP tháng này', 'TINH', ['XA.ANPHU']],
    ['so sánh phòng dược và phòng y tháng 10', 'SYT', ['SYT.NV2', 'SYT.NV1']],
    ['tl tt phong ke hoach t10', 'SYT', ['?phong ke hoach']],
    ['tỷ lệ trực tuyến sở tài chính', 'SYT', ['?sở tài chính']],
    ['ty le truc tuyen cua SGD', 'SYT', ['?SGD']],
    ['tl tt xa hoa binh', 'TINH', ['?xa hoa binh']],
    ['tỷ lệ trực tuyến tháng này theo phòng', 'SYT', []],
    ['xã nào thấp nhất', 'TINH', []],
    ['số hóa hồ sơ so với tháng trước', 'SYT', []],
    ['nộp từ xa tháng này', 'SYT', []],
    ['TL TT T10 QUÝ III', 'SYT', []],
    // A unit followed by its parent: the parent only says whose unit it is.
    ['phong duoc so y te tl tt thang truoc', 'TINH', ['SYT.NV2']],
    ['tl tt phòng dược của sở y tế', 'TINH', ['SYT.NV2']],
    ['so sánh phòng dược với sở y tế', 'TINH', ['SYT.NV2', 'SYT']],
    // "của sở GTVT" is another Sở, not the officer's own; small words that begin names.
    ['so hoa cua so gtvt thang nay', 'SYT', ['?so gtvt']],
    ['tl tt cua so thang nay', 'SYT.NV2', ['SYT']],
    ['tl tt phong to chuc can bo', 'SYT', ['?phong to chuc can bo']],
    ['tl tt huyen cao lanh thang nay', 'TINH', ['?huyen cao lanh']],
    ['tl tt huyen dat do thang nay', 'TINH', ['?huyen dat do']],
    ['tl tt huyện Long Hải đã đạt chưa', 'TINH', ['?huyện Long Hải']],
    ['dung han theo phong thang truoc', 'SYT', []],
    // A typed name that goes on is another unit's ("phòng y tế" of a district is not "Phòng Y").
    ['tl tt phong y te huyen thang nay', 'TINH', ['?phong y te']],
    ['phong y thg 10 tl tt', 'SYT', ['SYT.NV1']],
    ['phong duoc dat bn % tt thang nay', 'SYT', ['SYT.NV2']],
    ['tl tt phong duoc ha', 'SYT', ['SYT.NV2']],
    // "VP" alone: the officer's own văn phòng, or said to be none.
    ['tl dung han VP thang nay', 'SYT', ['SYT.VP']],
    ['tl dung han VP thang nay', 'SYT.NV1', ['?VP']],
    ['tl tt phòng NV Dược t10', 'SYT', ['SYT.NV2']],
  ])('%s (officer of %s) → %j', (q, home, codes) => {
    expect(mentions(q, home)).toEqual(codes);
  });

  it('the first unit named, for callers that need one', () => {
    const m = findUnitMention('tl tt phòng dược', '', UNITS, at('SYT'));
    expect(m.kind === 'unit' && m.unit.code).toBe('SYT.NV2');
  });

  it('codes are found whatever their case', () => {
    expect(unitByCode('syt.nv1', UNITS)?.code).toBe('SYT.NV1');
    expect(unitByCode('xa.anphu', UNITS)?.code).toBe('XA.ANPHU');
  });

  it('a code not among the units is refused in one wording, by the quick report too', async () => {
    expect(unknownUnitText('KHONG_CO')).toBe('Không có đơn vị mã KHONG_CO / unknown unit KHONG_CO');
    expect(unknownUnitText('X', ' (import units first)')).toBe('Không có đơn vị mã X / unknown unit X (import units first)');
    // The unit is looked up (whatever its case) before any figure is read, so no database is needed.
    const noDatabase = { kysely: undefined as never };
    const refused = buildQuickReport(noDatabase, 'syt.khong', new Date(), UNITS);
    await expect(refused).rejects.toBeInstanceOf(UnknownReportUnitError);
    await expect(refused).rejects.toThrow('Không có đơn vị mã syt.khong / unknown unit syt.khong');
  });

  it('a subtree is a path prefix, and a unit with a longer code is not inside a shorter one by accident', () => {
    const syt = at('SYT');
    expect(inSubtree(at('SYT.NV1'), syt)).toBe(true);
    expect(inSubtree(at('XA.ANPHU'), syt)).toBe(false);
    const look: UnitRow = { code: 'SYT2', name: 'Sở Y tế 2', parentCode: 'TINH', path: '/TINH/SYT2/' };
    expect(inSubtree(look, syt)).toBe(false);
  });

  it('rankings compare units of the level asked, the nearest ones below', () => {
    expect(rankedUnits(at('TINH'), UNITS, 'commune').map((u) => u.code)).toEqual(['XA.ANPHU', 'XA.BT']);
    expect(rankedUnits(at('SYT'), UNITS, 'division').map((u) => u.code)).toEqual(['SYT.VP', 'SYT.NV1', 'SYT.NV2', 'SYT.ATTP']);
    expect(rankedUnits(at('SYT'), UNITS, 'commune')).toEqual([]);
  });
});

describe('import of short names (ten_goi_khac) and one-stop contacts (lien_he_mot_cua)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('splits on ; and |, trims, keeps NFC and drops repeats', () => {
    expect(splitAliases(' Phòng Dược ; P. Dược| PD ;; PD ')).toEqual(['Phòng Dược', 'P. Dược', 'PD']);
  });

  it('stores the short names, finds units by them, and keeps them when a later file has no such column', async () => {
    const csv = (s: string) => Readable.from([s]);
    await importUnits(
      db.kysely,
      csv('Mã đơn vị,Tên đơn vị,Đơn vị cha,Tên gọi khác\nTINH,UBND tỉnh,,\nSYT,Sở Y tế,TINH,\nSYT.KHTC,Phòng Kế hoạch - Tài chính,SYT,Phòng KHTC; P.KH-TC | KHTC\n'),
    );
    let units = await loadUnits(db.kysely);
    expect(units.find((u) => u.code === 'SYT.KHTC')?.aliases).toEqual(['Phòng KHTC', 'P.KH-TC', 'KHTC']);
    const found = findUnitMentions('tl tt phong khtc thang nay', units, units.find((u) => u.code === 'SYT'));
    expect(found).toMatchObject([{ kind: 'unit', unit: { code: 'SYT.KHTC' } }]);
    await importUnits(db.kysely, csv('ma_don_vi,ten_don_vi,ma_don_vi_cha\nSYT.KHTC,Phòng Kế hoạch Tài chính,SYT\n'));
    units = await loadUnits(db.kysely);
    expect(units.find((u) => u.code === 'SYT.KHTC')).toMatchObject({ name: 'Phòng Kế hoạch Tài chính', aliases: ['Phòng KHTC', 'P.KH-TC', 'KHTC'] });
  });

  it('stores the one-stop contact (lien_he_mot_cua), keeps it when a file has no such column, clears it on an empty cell', async () => {
    const csv = (s: string) => Readable.from([s]);
    const contactOf = async (code: string) =>
      (await db.sql.query<{ contact: string | null }>('SELECT contact FROM units WHERE code = $1', [code]))[0]?.contact;
    await importUnits(
      db.kysely,
      csv('Mã đơn vị,Tên đơn vị,Đơn vị cha,Liên hệ một cửa\nXA.MOT,UBND xã Một,,"Bộ phận Một cửa UBND xã Một, số 2 đường Chợ; 0254 3 123 456"\nXA.HAI,UBND xã Hai,,\n'),
    );
    expect(await contactOf('XA.MOT')).toBe('Bộ phận Một cửa UBND xã Một, số 2 đường Chợ; 0254 3 123 456');
    expect(await contactOf('XA.HAI')).toBeNull();
    await importUnits(db.kysely, csv('ma_don_vi,ten_don_vi,ma_don_vi_cha\nXA.MOT,UBND xã Một,\n'));
    expect(await contactOf('XA.MOT')).toBe('Bộ phận Một cửa UBND xã Một, số 2 đường Chợ; 0254 3 123 456');
    await importUnits(db.kysely, csv('ma_don_vi,ten_don_vi,ma_don_vi_cha,lien_he_mot_cua\nXA.MOT,UBND xã Một,,\n'));
    expect(await contactOf('XA.MOT')).toBeNull();
  });
});
