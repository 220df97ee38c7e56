/**
 * Compressed fixtures for test/kafka/collector-codecs.test.ts, base64, made by reference encoders (not by the code
 * under test) from the inputs of `codecInput` below:
 *   - lz4: the LZ4 command line 1.9.4 (`lz4 -B4 -BD`, `-B4 -BX`, `--content-size`, defaults);
 *   - snappy: github.com/klauspost/compress/s2.EncodeSnappy, the encoder franz-go (the Collector's kafka client)
 *     uses, raw and in xerial framing (16-byte header, then big-endian length + raw block per chunk); and
 *     github.com/golang/snappy's framing-format writer, which the Collector's otlphttp exporter uses;
 *   - zstd: the zstd command line 1.5.x and github.com/klauspost/compress/zstd as franz-go configures it.
 * Inputs: `big` = codecInput(70000) (two 64 KiB lz4 blocks), `small` = codecInput(3000), `random` = 700 LCG bytes.
 */

/** A 997-byte pseudo-random chunk of letters repeated to n bytes, then a 300-byte run of 'z' (overlapping copies). */
export function codecInput(n: number): Buffer {
  let x = 12345;
  const chunk = Buffer.alloc(997);
  for (let i = 0; i < chunk.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    chunk[i] = 97 + (x % 26);
  }
  const out = Buffer.alloc(n + 300);
  for (let i = 0; i < n; i++) out[i] = chunk[i % chunk.length]!;
  out.fill(0x7a, n);
  return out;
}

/** 700 bytes that do not compress. */
export function randomInput(): Buffer {
  let x = 7;
  const r = Buffer.alloc(700);
  for (let i = 0; i < r.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    r[i] = (x >>> 16) & 255;
  }
  return r;
}

export const fixtures = {
  /** lz4 -B4 -BD big (linked 64 KiB blocks, content checksum) */
  lz4Linked: [
    'BCJNGERAXvAEAAD/////2W9pZ3FvZ3NpZWNxc2tpaWdjYWNza29pb3Nhb2lpbWt5Y3N5a2N5b2l3c2Npd21zaXFrc3NzbWlna3l5cWNta3VjbWN3',
    'aWNhc2NlbWlvd3dvc3FzdWtjZ2F5Z2VlcW9ncXVxdXNxc2F3aW9zb3d5c2dlb2F1YXV3Z2l3bXNzeWt1a2trZ3l3c2dhc2dpZ2l1bWN1aW9xZ3V1',
    'bXVzd2Npb3V1Y3FteXF1bW1xb3N5cXN5b3dld21xY2dndXl3Z2ltc3N1cXFjY29tY2NjbWdzbWdtbXFvZXNvd21xcWlpd3dtaWF3Y21xdWltc3V1',
    'Y2Vvd2N1a3V1c3lhZ2tzc215Y3NnYW93a2lnd211a3V5aWdnc2lnZ29xaWFnZXF3Y2d1aW1teWFtaWdjZWtvd2tjeWVpaXNzd2l1eWFla2Npb2Fv',
    'eXlhZ2lldW9hbXFlZ3FncWF1bXlrZ2NnaWd5aWFnZ3N1aW9hZ3VtYWNxYW1pb2lhZW1va2dpaW9ld2N5cWd5c2NhYWNzb2lzc2tvaXNta21lY2Vt',
    'c2dzcXl5eXVjd3VtbXVld2dzZWN5bWN1dXFreXdjeXN1ZWV5eXltbWlvb3d5cWFxeWdrdW95ZWVjaWdvcWVzZ2NxeWlza3lzeWVrZ3Vrc21hd213',
    'aXNxZWlhbXVtdXllZWN5dW1tZW9zcWt1Z2thdXd3aXN3d2lnYXllb2lpdWFlb211Y2Vrd3lreWN3dXVtZ3V5dWV5dXdldXVtYWVjdWdta3Fhd2dn',
    'aWdncWd1Y2FvZWV5dXlheWl1YXlheWtjeW13d21vdXV3a2treXNpYWFld2t1dXV1YXlva2d1d3V5c29vcXNxZ2tnYWFzYXNneXNxc2NveWFteXdv',
    'eW15YXl3ZXVjbWN1aWVxbWF3dW9lYWFtd2txb3V5YW9lcXNhY29pb3FneWVpeG1xY29pY21vY3V5cXVld2dlbWtlYW9zc2Fjb2Vtb2V1eWttdXd5',
    'c3l5Y3NrbWlzaXFja2lzcXVnd2NnYXNxc2dtd3lnc2t5cXd1b2djeXFlcWtqZ3d5Y2FjYWN1Y295Z3l1b2ltYWVpeW9peWFrcW15Z3FldWttYWN3',
    'b2FnYWtra3lveXNzZWNnc3VjZWdraWdpd2djZXNpaW13bXlpY3drYWVpbXN5eXN1Y2tnb2FzYXNxcXljaXF1aW1zeW9hZXVrZ2l3a2lnaWdjd3Nh',
    'ZXd5ZXdjZ3NhaXV1Y3FhYWF3bXlhZ213eWtvY3FreWlhb3Vla3l1Y3F1a2Fxc3FjY2lzeXFhb2lxaXN1Y3lnd2NjcXdpbW95Y2FheWFxaXFpa2F3',
    'eW13eWvlA///////////////////////////////////////////////////////////////////////////////////////////////////////',
    '////////////////////////////////////////////////////////////////////////////////////////////////////////////////',
    '////////////////////////////////////////////////////////////////////////////////////////////////////////////////',
    '//////////8AUGFjb2VtIQAAAA8l/f//////////////////////bh96AQD/FFB6enp6egAAAACBki4j',
  ].join(''),
  /** lz4 -B4 -BX big (independent blocks, block checksums) */
  lz4IndependentBlockChecksums: [
    'BCJNGHRAvecEAADwaW9pZ3FvZ3NpZWNxc2tpaWdjYWNza29pb3Nhb2lpbWt5Y3N5a2N5b2l3c2Npd21zaXFrc3NzbWlna3l5cWNta3VjbWN3aWNh',
    'c2NlbWlvd3dvc3FzdWtjZ2F5Z2VlcW9ncXVxdXNxc2F3aW9zb3d5c2dlb2F1YXV3Z00A8EVzeWt1a2trZ3l3c2dhc2dpZ2l1bWN1aW9xZ3V1bXVz',
    'd2Npb3V1Y3FteXF1bW1xb3N5cXN5b3dld21xY2dndXl3Z2ltc3N1cXFjY29tY2NjbWdzbWcpAPClZXNvd21xcWlpd3dtaWF3Y21xdWltc3V1Y2Vv',
    'd2N1a3V1c3lhZ2tzc215Y3NnYW93a2lnd211a3V5aWdnc2lnZ29xaWFnZXF3Y2d1aW1teWFtaWdjZWtvd2tjeWVpaXNzd2l1eWFla2Npb2FveXlh',
    'Z2lldW9hbXFlZ3FncWF1bXlrZ2NnaWd5aWFnZ3N1aW9hZ3VtYWNxYW1pb2lhZW1va2dpaW9ld2N5cWd5c2NhYWNzb2lzdQHwV3Nta21lY2Vtc2dz',
    'cXl5eXVjd3VtbXVld2dzZWN5bWN1dXFreXdjeXN1ZWV5eXltbWlvb3d5cWFxeWdrdW95ZWVjaWdvcWVzZ2NxeWlza3lzeWVrZ3Vrc21hd213aXNx',
    'ZWlhbXVtdSkA8LF5dW1tZW9zcWt1Z2thdXd3aXN3d2lnYXllb2lpdWFlb211Y2Vrd3lreWN3dXVtZ3V5dWV5dXdldXVtYWVjdWdta3Fhd2dnaWdn',
    'cWd1Y2FvZWV5dXlheWl1YXlheWtjeW13d21vdXV3a2treXNpYWFld2t1dXV1YXlva2d1d3V5c29vcXNxZ2tnYWFzYXNneXNxc2NveWFteXdveW15',
    'YXl3ZXVjbWN1aWVxbWF3dW9lYWFtd2txb3V5YW9lcXNhY28kAvABeWVpeG1xY29pY21vY3V5cSkBcGVta2Vhb3MjAPGNZW1vZXV5a211d3lzeXlj',
    'c2ttaXNpcWNraXNxdWd3Y2dhc3FzZ213eWdza3lxd3VvZ2N5cWVxa2pnd3ljYWNhY3Vjb3lneXVvaW1hZWl5b2l5YWtxbXlncWV1a21hY3dvYWdh',
    'a2treW95c3NlY2dzdWNlZ2tpZ2l3Z2Nlc2lpbXdteWljd2thZWltc3l5c3Vja2dvYXNhc3FxeWNpkAKAeW9hZXVrZ2l/AvABaWdjd3NhZXd5ZXdj',
    'Z3NhafcCcGFhYXdteWGkAPEta29jcWt5aWFvdWVreXVjcXVrYXFzcWNjaXN5cWFvaXFpc3VjeWd3Y2Nxd2ltb3ljYWF5YXFpcWlrYXd5PwAP5QP/',
    '////////////////////////////////////////////////////////////////////////////////////////////////////////////////',
    '////////////////////////////////////////////////////////////////////////////////////////////////////////////////',
    '///////////////////////////////////////////////////////////////////////////////////////////////////////////////+',
    'UGFjb2VtN9wsIAAEAADwjW9ldXlrbXV3eXN5eWNza21pc2lxY2tpc3F1Z3djZ2FzcXNnbXd5Z3NreXF3dW9nY3lxZXFramd3eWNhY2FjdWNveWd5',
    'dW9pbWFlaXlvaXlha3FteWdxZXVrbWFjd29hZ2Fra2t5b3lzc2VjZ3N1Y2Vna2lnaXdnY2VzaWltd215aWN3a2FlaW1zeXlzdWNrZ29hc2FzcXF5',
    'Y2lxdRYA8BdvYWV1a2dpd2tpZ2lnY3dzYWV3eWV3Y2dzYWl1dWNxYWFhd215YaQA8S1rb2Nxa3lpYW91ZWt5dWNxdWthcXNxY2Npc3lxYW9pcWlz',
    'dWN5Z3djY3F3aW1veWNhYXlhcWlxaWthd3k/APCPaWdxb2dzaWVjcXNraWlnY2Fjc2tvaW9zYW9paW1reWNzeWtjeW9pd3NjaXdtc2lxa3Nzc21p',
    'Z2t5eXFjbWt1Y21jd2ljYXNjZW1pb3d3b3Nxc3VrY2dheWdlZXFvZ3F1cXVzcXNhd2lvc293eXNnZW9hdWF1d2dpd21zc3lrdWtra2d5d3NnYXNn',
    'aWdpdW1jdWlvcWd1dW11c3djaW/uAPAebXlxdW1tcW9zeXFzeW93ZXdtcWNnZ3V5d2dpbXNzdXFxY2NvbWNjY21nc21nKQDxAmVzb3dtcXFpaXd3',
    'bWlhd2NtVQHwCnV1Y2Vvd2N1a3V1c3lhZ2tzc215Y3NnYW9mAfD/hHdtdWt1eWlnZ3NpZ2dvcWlhZ2Vxd2NndWltbXlhbWlnY2Vrb3drY3llaWlz',
    'c3dpdXlhZWtjaW9hb3l5YWdpZXVvYW1xZWdxZ3FhdW15a2djZ2lneWlhZ2dzdWlvYWd1bWFjcWFtaW9pYWVtb2tnaWlvZXdjeXFneXNjYWFjc29p',
    'c3Nrb2lzbWttZWNlbXNnc3F5eXl1Y3d1bW11ZXdnc2VjeW1jdXVxa3l3Y3lzdWVleXl5bW1pb293eXFhcXlna3VveWVlY2lnb3Flc2djcXlpc2t5',
    'c3lla2d1a3NtYXdtd2lzcWVpYW11bXV5ZWVjeXVtbWVvc3FrdWdrYXV3d2lzd3dpZ2F5ZW9paXVhZW9tdWNla3d5a3ljd3V1bWd1eXVleXV3ZXV1',
    'bWFlY3VnbWtxYXdnZ2lnZ3FndWNhb2VleXV5YXlpdWF5YXlrY3ltd3dtb3V1d2tra3lzaWFhZXdrdXV1dWF5b2tndXd1eXNvb3FzcWdrZ2Fhc2Fz',
    'Z3lzcXNjb3lhbXl3b3lteWF5d2V1YwoC8B5lcW1hd3VvZWFhbXdrcW91eWFvZXFzYWNvaW9xZ3llaXhtcWNvaWNtb2N1eXEpAXBlbWtlYW9zIwAv',
    'ZW3lA/////////////////+FH3oBAP8UUHp6enp6xOV3+AAAAACBki4j',
  ].join(''),
  /** lz4 random (incompressible: one stored block) */
  lz4Stored: [
    'BCJNGGRAp7wCAIBsTmlZCrxYKYup1b8SjinfNztGoOAnHnsZN9K/u3u1kH2n/QqiZDxVCFMkDO1vrCN6Ii+N5jfVHiFvYQqvNTPC2DG25nHSSwxS',
    '1X5e1xGmlQQLPnIXTv8wgGz3MB+IFfNoS+riV0ErmCLn3smKu+QJTLrcBmp4otfUroMi3Mq/LDg+BeUWeJtQcK5gJbaJwvVHaLZgMT1jz+zALx92',
    'SVOQKUqJxYPSO9TOJ/OSoOR/rr4mG5R0Bi2dCgKhEFPWcjGDnnTdOM9b/rznE3xh+90N0w5lF+FHG401ZcyzeOFqMjaMHboj6jGYeMw3VJJGfjUd',
    '98F1obw7TmUwn+Jp5EO2rdgnyjGfXno4jrbNnhpzF4PI9iwxqnNqC2OEV3ZsIJJHoY4O/hzqPUhHWK4BOmqHNzeXjCV11TNSOeTFTT8Do1Cwaiib',
    'Wa6J5ZOQKKCPKKSqPimD87iA8wcNgp+o/4VarBj77ahFOnyWPGV9MmUKFrEeFIk0Lk2owQb2Qc70aE8TudDOg6+d+I8bvqRhMlqX58V+tv5Xm6VJ',
    'C632PaR1JoMWXLP9ot0reKU8kc3flHX4fxPLc3kg72LXwasY8AHzc1kDBI2FB5pWM9GA0V0D74zgzz+DViqAFqYSqrcYppChTuG26HCgPcMoYI9o',
    '3EDU2IwwBEg8gYtVecFNRmGnUHTWpD3gYJQI6j1IR+zBycyroU2QZwsLLNg7KiDZPs5gRzHbjIfvbubazbBzwPC8qvhzr1RK6/a+mpbztesR/tVk',
    'alfIqGK8zZe83ATPmVWNhlFy0qbOM0rc4TG8FhVjeNEITWHpYq+AZ0Ed+37zYi6tqp3Ln2jS25dm5ERQjUxRxR15Am3DPPAPAFqUg3SsH7J38+7k',
    'ctuLthQlnzYoSsrSmVTzpt1I17r0j8M+17SexTU460JRHjdqnBGPAAAAAAeKvgg=',
  ].join(''),
  /** lz4 --content-size small */
  lz4ContentSize: [
    'BCJNGGxA5AwAAAAAAADR+AMAAPBpb2lncW9nc2llY3Fza2lpZ2NhY3Nrb2lvc2FvaWlta3ljc3lrY3lvaXdzY2l3bXNpcWtzc3NtaWdreXlxY21r',
    'dWNtY3dpY2FzY2VtaW93d29zcXN1a2NnYXlnZWVxb2dxdXF1c3FzYXdpb3Nvd3lzZ2VvYXVhdXdnTQDwRXN5a3Vra2tneXdzZ2FzZ2lnaXVtY3Vp',
    'b3FndXVtdXN3Y2lvdXVjcW15cXVtbXFvc3lxc3lvd2V3bXFjZ2d1eXdnaW1zc3VxcWNjb21jY2NtZ3NtZykA8KVlc293bXFxaWl3d21pYXdjbXF1',
    'aW1zdXVjZW93Y3VrdXVzeWFna3NzbXljc2dhb3draWd3bXVrdXlpZ2dzaWdnb3FpYWdlcXdjZ3VpbW15YW1pZ2Nla293a2N5ZWlpc3N3aXV5YWVr',
    'Y2lvYW95eWFnaWV1b2FtcWVncWdxYXVteWtnY2dpZ3lpYWdnc3Vpb2FndW1hY3FhbWlvaWFlbW9rZ2lpb2V3Y3lxZ3lzY2FhY3NvaXN1AfBXc21r',
    'bWVjZW1zZ3NxeXl5dWN3dW1tdWV3Z3NlY3ltY3V1cWt5d2N5c3VlZXl5eW1taW9vd3lxYXF5Z2t1b3llZWNpZ29xZXNnY3F5aXNreXN5ZWtndWtz',
    'bWF3bXdpc3FlaWFtdW11KQDwsXl1bW1lb3Nxa3Vna2F1d3dpc3d3aWdheWVvaWl1YWVvbXVjZWt3eWt5Y3d1dW1ndXl1ZXl1d2V1dW1hZWN1Z21r',
    'cWF3Z2dpZ2dxZ3VjYW9lZXl1eWF5aXVheWF5a2N5bXd3bW91dXdra2t5c2lhYWV3a3V1dXVheW9rZ3V3dXlzb29xc3Fna2dhYXNhc2d5c3FzY295',
    'YW15d295bXlheXdldWNtY3VpZXFtYXd1b2VhYW13a3FvdXlhb2Vxc2FjbyQC8AF5ZWl4bXFjb2ljbW9jdXlxKQFwZW1rZWFvcyMA8Y1lbW9ldXlr',
    'bXV3eXN5eWNza21pc2lxY2tpc3F1Z3djZ2FzcXNnbXd5Z3NreXF3dW9nY3lxZXFramd3eWNhY2FjdWNveWd5dW9pbWFlaXlvaXlha3FteWdxZXVr',
    'bWFjd29hZ2Fra2t5b3lzc2VjZ3N1Y2Vna2lnaXdnY2VzaWltd215aWN3a2FlaW1zeXlzdWNrZ29hc2FzcXF5Y2mQAoB5b2FldWtnaX8C8AFpZ2N3',
    'c2Fld3lld2Nnc2Fp9wJwYWFhd215YaQA8S1rb2Nxa3lpYW91ZWt5dWNxdWthcXNxY2Npc3lxYW9pcWlzdWN5Z3djY3F3aW1veWNhYXlhcWlxaWth',
    'd3k/AA/lA//////////GH3oBAP8UUHp6enp6AAAAAN6luZg=',
  ].join(''),
  /** s2.EncodeSnappy(small) */
  snappyRaw: [
    '5Bnwd29pZ3FvZ3NpZWNxc2tpaWdjYWNza29pb3Nhb2lpbWt5Y3N5a2N5b2l3c2Npd21zaXFrc3NzbWlna3l5cWNta3VjbWN3aWNhc2NlbWlvd3dv',
    'c3FzdWtjZ2F5Z2VlcW9ncXVxdXNxc2F3aW9zb3d5c2dlb2F1YXV3ZwFN9GgDc3lrdWtra2d5d3NnYXNnaWdpdW1jdWlvcWd1dW11c3djaW91dWNx',
    'bXlxdW1tcW9zeXFzeW93ZXdtcWNnZ3V5d2dpbXNzdXFxY2NvbWNjY21nc21nbW1xb2Vzb3dtcXFpaXd3bWlhd2NtcXVpbXN1dWNlb3djdWt1dXN5',
    'YWdrc3NteWNzZ2Fvd2tpZ3dtdWt1eWlnZ3NpZ2dvcWlhZ2Vxd2NndWltbXlhbWlnY2Vrb3drY3llaWlzc3dpdXlhZWtjaW9hb3l5YWdpZXVvYW1x',
    'ZWdxZ3FhdW15a2djZ2lneWlhZ2dzdWlvYWd1bWFjcWFtaW9pYWVtb2tnaWlvZXdjeXFneXNjYWFjc29pc3Nrb2lzbWttZWNlbXNnc3F5eXl1Y3d1',
    'bW11ZXdnc2VjeW1jdXVxa3l3Y3lzdWVleXl5bW1pb293eXFhcXlna3VveWVlY2lnb3Flc2djcXlpc2t5c3lla2d1a3NtYXdtd2lzcWVpYW11bXV5',
    'ZWVjeXVtbWVvc3FrdWdrYXV3d2lzd3dpZ2F5ZW9paXVhZW9tdWNla3d5a3ljd3V1bWd1eXVleXV3ZXV1bWFlY3VnbWtxYXdnZ2lnZ3FndWNhb2Vl',
    'eXV5YXlpdWF5YXlrY3ltd3dtb3V1d2tra3lzaWFhZXdrdXV1dWF5b2tndXd1eXNvb3FzcWdrZ2Fhc2FzZ3lzcXNjb3lhbXl3b3lteWF5d2V1Y21j',
    'dWllcW1hd3VvZWFhbXdrcW91eWFvZXFzYWNvaW9xZ3llaXhtcWNvaWNtb2N1eXF1ZXdnZW1rZWFvc3NhY29lbW9ldXlrbXV3eXN5eWNza21pc2lx',
    'Y2tpc3F1Z3djZ2FzcXNnbXd5Z3NreXF3dW9nY3lxZXFramd3eWNhY2FjdWNveWd5dW9pbWFlaXlvaXlha3FteWdxZXVrbWFjd29hZ2Fra2t5b3lz',
    'c2VjZ3N1Y2Vna2lnaXdnY2VzaWltd215aWN3a2FlaW1zeXlzdWNrZ29hc2FzcXF5Y2lxdWltc3lvYWV1a2dpd2tpZ2lnY3dzYWV3eWV3Y2dzYWl1',
    'dWNxYWFhd215YWdtd3lrb2Nxa3lpYW91ZWt5dWNxdWthcXNxY2Npc3lxYW9pcWlzdWN5Z3djY3F3aW1veWNhYXlhcWlxaWthd3ltd3lr7uUD7uUD',
    '7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD7uUD',
    '7uUD7uUD7uUDWuUDAHruAQDuAQDuAQDuAQDqAQA=',
  ].join(''),
  /** s2.EncodeSnappy(random) (one long literal) */
  snappyLiterals: [
    'vAX0uwJsTmlZCrxYKYup1b8SjinfNztGoOAnHnsZN9K/u3u1kH2n/QqiZDxVCFMkDO1vrCN6Ii+N5jfVHiFvYQqvNTPC2DG25nHSSwxS1X5e1xGm',
    'lQQLPnIXTv8wgGz3MB+IFfNoS+riV0ErmCLn3smKu+QJTLrcBmp4otfUroMi3Mq/LDg+BeUWeJtQcK5gJbaJwvVHaLZgMT1jz+zALx92SVOQKUqJ',
    'xYPSO9TOJ/OSoOR/rr4mG5R0Bi2dCgKhEFPWcjGDnnTdOM9b/rznE3xh+90N0w5lF+FHG401ZcyzeOFqMjaMHboj6jGYeMw3VJJGfjUd98F1obw7',
    'TmUwn+Jp5EO2rdgnyjGfXno4jrbNnhpzF4PI9iwxqnNqC2OEV3ZsIJJHoY4O/hzqPUhHWK4BOmqHNzeXjCV11TNSOeTFTT8Do1CwaiibWa6J5ZOQ',
    'KKCPKKSqPimD87iA8wcNgp+o/4VarBj77ahFOnyWPGV9MmUKFrEeFIk0Lk2owQb2Qc70aE8TudDOg6+d+I8bvqRhMlqX58V+tv5Xm6VJC632PaR1',
    'JoMWXLP9ot0reKU8kc3flHX4fxPLc3kg72LXwasY8AHzc1kDBI2FB5pWM9GA0V0D74zgzz+DViqAFqYSqrcYppChTuG26HCgPcMoYI9o3EDU2Iww',
    'BEg8gYtVecFNRmGnUHTWpD3gYJQI6j1IR+zBycyroU2QZwsLLNg7KiDZPs5gRzHbjIfvbubazbBzwPC8qvhzr1RK6/a+mpbztesR/tVkalfIqGK8',
    'zZe83ATPmVWNhlFy0qbOM0rc4TG8FhVjeNEITWHpYq+AZ0Ed+37zYi6tqp3Ln2jS25dm5ERQjUxRxR15Am3DPPAPAFqUg3SsH7J38+7kctuLthQl',
    'nzYoSsrSmVTzpt1I17r0j8M+17SexTU460JRHjdqnBGP',
  ].join(''),
  /** xerial header + 1 KiB chunks of s2.EncodeSnappy(small) */
  snappyXerial: [
    'glNOQVBQWQAAAAABAAAAAQAABAWACPT/A29pZ3FvZ3NpZWNxc2tpaWdjYWNza29pb3Nhb2lpbWt5Y3N5a2N5b2l3c2Npd21zaXFrc3NzbWlna3l5',
    'cWNta3VjbWN3aWNhc2NlbWlvd3dvc3FzdWtjZ2F5Z2VlcW9ncXVxdXNxc2F3aW9zb3d5c2dlb2F1YXV3Z2l3bXNzeWt1a2trZ3l3c2dhc2dpZ2l1',
    'bWN1aW9xZ3V1bXVzd2Npb3V1Y3FteXF1bW1xb3N5cXN5b3dld21xY2dndXl3Z2ltc3N1cXFjY29tY2NjbWdzbWdtbXFvZXNvd21xcWlpd3dtaWF3',
    'Y21xdWltc3V1Y2Vvd2N1a3V1c3lhZ2tzc215Y3NnYW93a2lnd211a3V5aWdnc2lnZ29xaWFnZXF3Y2d1aW1teWFtaWdjZWtvd2tjeWVpaXNzd2l1',
    'eWFla2Npb2FveXlhZ2lldW9hbXFlZ3FncWF1bXlrZ2NnaWd5aWFnZ3N1aW9hZ3VtYWNxYW1pb2lhZW1va2dpaW9ld2N5cWd5c2NhYWNzb2lzc2tv',
    'aXNta21lY2Vtc2dzcXl5eXVjd3VtbXVld2dzZWN5bWN1dXFreXdjeXN1ZWV5eXltbWlvb3d5cWFxeWdrdW95ZWVjaWdvcWVzZ2NxeWlza3lzeWVr',
    'Z3Vrc21hd213aXNxZWlhbXVtdXllZWN5dW1tZW9zcWt1Z2thdXd3aXN3d2lnYXllb2lpdWFlb211Y2Vrd3lreWN3dXVtZ3V5dWV5dXdldXVtYWVj',
    'dWdta3Fhd2dnaWdncWd1Y2FvZWV5dXlheWl1YXlheWtjeW13d21vdXV3a2treXNpYWFld2t1dXV1YXlva2d1d3V5c29vcXNxZ2tnYWFzYXNneXNx',
    'c2NveWFteXdveW15YXl3ZXVjbWN1aWVxbWF3dW9lYWFtd2txb3V5YW9lcXNhY29pb3FneWVpeG1xY29pY21vY3V5cXVld2dlbWtlYW9zc2Fjb2Vt',
    'b2V1eWttdXd5c3l5Y3NrbWlzaXFja2lzcXVnd2NnYXNxc2dtd3lnc2t5cXd1b2djeXFlcWtqZ3d5Y2FjYWN1Y295Z3l1b2ltYWVpeW9peWFrcW15',
    'Z3FldWttYWN3b2FnYWtra3lveXNzZWNnc3VjZWdraWdpd2djZXNpaW13bXlpY3drYWVpbXN5eXN1Y2tnb2FzYXNxcXljaXF1aW1zeW9hZXVrZ2l3',
    'a2lnaWdjd3NhZXd5ZXdjZ3NhaXV1Y3FhYWF3bXlhZ213eWtvY3FreWlhb3Vla3l1Y3F1a2Fxc3FjY2lzeXFhb2lxaXN1Y3lnd2NjcXdpbW95Y2Fh',
    'eWFxaXFpa2F3eW13eWtvaWdxb2dzaWVjcXNraWlnY2Fjc2tvaW9zYW8AAAQFgAj0/wNpaW1reWNzeWtjeW9pd3NjaXdtc2lxa3Nzc21pZ2t5eXFj',
    'bWt1Y21jd2ljYXNjZW1pb3d3b3Nxc3VrY2dheWdlZXFvZ3F1cXVzcXNhd2lvc293eXNnZW9hdWF1d2dpd21zc3lrdWtra2d5d3NnYXNnaWdpdW1j',
    'dWlvcWd1dW11c3djaW91dWNxbXlxdW1tcW9zeXFzeW93ZXdtcWNnZ3V5d2dpbXNzdXFxY2NvbWNjY21nc21nbW1xb2Vzb3dtcXFpaXd3bWlhd2Nt',
    'cXVpbXN1dWNlb3djdWt1dXN5YWdrc3NteWNzZ2Fvd2tpZ3dtdWt1eWlnZ3NpZ2dvcWlhZ2Vxd2NndWltbXlhbWlnY2Vrb3drY3llaWlzc3dpdXlh',
    'ZWtjaW9hb3l5YWdpZXVvYW1xZWdxZ3FhdW15a2djZ2lneWlhZ2dzdWlvYWd1bWFjcWFtaW9pYWVtb2tnaWlvZXdjeXFneXNjYWFjc29pc3Nrb2lz',
    'bWttZWNlbXNnc3F5eXl1Y3d1bW11ZXdnc2VjeW1jdXVxa3l3Y3lzdWVleXl5bW1pb293eXFhcXlna3VveWVlY2lnb3Flc2djcXlpc2t5c3lla2d1',
    'a3NtYXdtd2lzcWVpYW11bXV5ZWVjeXVtbWVvc3FrdWdrYXV3d2lzd3dpZ2F5ZW9paXVhZW9tdWNla3d5a3ljd3V1bWd1eXVleXV3ZXV1bWFlY3Vn',
    'bWtxYXdnZ2lnZ3FndWNhb2VleXV5YXlpdWF5YXlrY3ltd3dtb3V1d2tra3lzaWFhZXdrdXV1dWF5b2tndXd1eXNvb3FzcWdrZ2Fhc2FzZ3lzcXNj',
    'b3lhbXl3b3lteWF5d2V1Y21jdWllcW1hd3VvZWFhbXdrcW91eWFvZXFzYWNvaW9xZ3llaXhtcWNvaWNtb2N1eXF1ZXdnZW1rZWFvc3NhY29lbW9l',
    'dXlrbXV3eXN5eWNza21pc2lxY2tpc3F1Z3djZ2FzcXNnbXd5Z3NreXF3dW9nY3lxZXFramd3eWNhY2FjdWNveWd5dW9pbWFlaXlvaXlha3FteWdx',
    'ZXVrbWFjd29hZ2Fra2t5b3lzc2VjZ3N1Y2Vna2lnaXdnY2VzaWltd215aWN3a2FlaW1zeXlzdWNrZ29hc2FzcXF5Y2lxdWltc3lvYWV1a2dpd2tp',
    'Z2lnY3dzYWV3eWV3Y2dzYWl1dWNxYWFhd215YWdtd3lrb2Nxa3lpYW91ZWt5dWNxdWthcXNxY2Npc3lxYW9pcWlzdWN5Z3djY3F3aW1veWNhYXlh',
    'cWlxaWthd3ltd3lrb2lncW9nc2llY3Fza2lpZ2NhY3Nrb2lvc2FvaWlta3ljc3lrY3lvaXdzY2l3bXNpcWtzc3NtAAADw4AI9LgDaWdreXlxY21r',
    'dWNtY3dpY2FzY2VtaW93d29zcXN1a2NnYXlnZWVxb2dxdXF1c3FzYXdpb3Nvd3lzZ2VvYXVhdXdnaXdtc3N5a3Vra2tneXdzZ2FzZ2lnaXVtY3Vp',
    'b3FndXVtdXN3Y2lvdXVjcW15cXVtbXFvc3lxc3lvd2V3bXFjZ2d1eXdnaW1zc3VxcWNjb21jY2NtZ3NtZ21tcW9lc293bXFxaWl3d21pYXdjbXF1',
    'aW1zdXVjZW93Y3VrdXVzeWFna3NzbXljc2dhb3draWd3bXVrdXlpZ2dzaWdnb3FpYWdlcXdjZ3VpbW15YW1pZ2Nla293a2N5ZWlpc3N3aXV5YWVr',
    'Y2lvYW95eWFnaWV1b2FtcWVncWdxYXVteWtnY2dpZ3lpYWdnc3Vpb2FndW1hY3FhbWlvaWFlbW9rZ2lpb2V3Y3lxZ3lzY2FhY3NvaXNza29pc21r',
    'bWVjZW1zZ3NxeXl5dWN3dW1tdWV3Z3NlY3ltY3V1cWt5d2N5c3VlZXl5eW1taW9vd3lxYXF5Z2t1b3llZWNpZ29xZXNnY3F5aXNreXN5ZWtndWtz',
    'bWF3bXdpc3FlaWFtdW11eWVlY3l1bW1lb3Nxa3Vna2F1d3dpc3d3aWdheWVvaWl1YWVvbXVjZWt3eWt5Y3d1dW1ndXl1ZXl1d2V1dW1hZWN1Z21r',
    'cWF3Z2dpZ2dxZ3VjYW9lZXl1eWF5aXVheWF5a2N5bXd3bW91dXdra2t5c2lhYWV3a3V1dXVheW9rZ3V3dXlzb29xc3Fna2dhYXNhc2d5c3FzY295',
    'YW15d295bXlheXdldWNtY3VpZXFtYXd1b2VhYW13a3FvdXlhb2Vxc2Fjb2lvcWd5ZWl4bXFjb2ljbW9jdXlxdWV3Z2Vta2Vhb3NzYWNvZW1vZXV5',
    'a211d3lzeXljc2ttaXNpcWNraXNxdWd3Y2dhc3FzZ213eWdza3lxd3VvZ2N5cWVxa2pnd3ljYWNhY3Vjb3lneXVvaW1hZWl5b2l5YWtxbXlncWV1',
    'a21hY3dvYWdha2treW95c3NlY2dzdWNlZ2tpZ2l3Z2Nlc2lpbXdteWljd2thZWltc3l5c3Vja2dvYXNhc3FxeWNpcXVpbXN5b2FldWtnaXdraWdp',
    'Z2N3c2Fld3lld2Nnc2FpdXVjcWFhYXdteWFnbXd5a29jcWt5aWFvdWVreXVjcXVrYXFzcWNjaXN5cWFvaXFpc3VjeWd3Y2Nxd2ltb3ljYWF5YXFp',
    'cWlrYXd5bXd5a29pZ3FvZ3NpZXruAQAdAQAAABDkAQB67gEA7gEA7gEAugEA',
  ].join(''),
  /** github.com/golang/snappy NewBufferedWriter(small): the framing format (x-snappy-framed), the Collector otlphttp encoder */
  snappyFramed: [
    '/wYAAHNOYVBwWQBhBACwDg3Q5Bn05gNvaWdxb2dzaWVjcXNraWlnY2Fjc2tvaW9zYW9paW1reWNzeWtjeW9pd3NjaXdtc2lxa3Nzc21pZ2t5eXFj',
    'bWt1Y21jd2ljYXNjZW1pb3d3b3Nxc3VrY2dheWdlZXFvZ3F1cXVzcXNhd2lvc293eXNnZW9hdWF1d2dpd21zc3lrdWtra2d5d3NnYXNnaWdpdW1j',
    'dWlvcWd1dW11c3djaW91dWNxbXlxdW1tcW9zeXFzeW93ZXdtcWNnZ3V5d2dpbXNzdXFxY2NvbWNjY21nc21nbW1xb2Vzb3dtcXFpaXd3bWlhd2Nt',
    'cXVpbXN1dWNlb3djdWt1dXN5YWdrc3NteWNzZ2Fvd2tpZ3dtdWt1eWlnZ3NpZ2dvcWlhZ2Vxd2NndWltbXlhbWlnY2Vrb3drY3llaWlzc3dpdXlh',
    'ZWtjaW9hb3l5YWdpZXVvYW1xZWdxZ3FhdW15a2djZ2lneWlhZ2dzdWlvYWd1bWFjcWFtaW9pYWVtb2tnaWlvZXdjeXFneXNjYWFjc29pc3Nrb2lz',
    'bWttZWNlbXNnc3F5eXl1Y3d1bW11ZXdnc2VjeW1jdXVxa3l3Y3lzdWVleXl5bW1pb293eXFhcXlna3VveWVlY2lnb3Flc2djcXlpc2t5c3lla2d1',
    'a3NtYXdtd2lzcWVpYW11bXV5ZWVjeXVtbWVvc3FrdWdrYXV3d2lzd3dpZ2F5ZW9paXVhZW9tdWNla3d5a3ljd3V1bWd1eXVleXV3ZXV1bWFlY3Vn',
    'bWtxYXdnZ2lnZ3FndWNhb2VleXV5YXlpdWF5YXlrY3ltd3dtb3V1d2tra3lzaWFhZXdrdXV1dWF5b2tndXd1eXNvb3FzcWdrZ2Fhc2FzZ3lzcXNj',
    'b3lhbXl3b3lteWF5d2V1Y21jdWllcW1hd3VvZWFhbXdrcW91eWFvZXFzYWNvaW9xZ3llaXhtcWNvaWNtb2N1eXF1ZXdnZW1rZWFvc3NhY29lbW9l',
    'dXlrbXV3eXN5eWNza21pc2lxY2tpc3F1Z3djZ2FzcXNnbXd5Z3NreXF3dW9nY3lxZXFramd3eWNhY2FjdWNveWd5dW9pbWFlaXlvaXlha3FteWdx',
    'ZXVrbWFjd29hZ2Fra2t5b3lzc2VjZ3N1Y2Vna2lnaXdnY2VzaWltd215aWN3a2FlaW1zeXlzdWNrZ29hc2FzcXF5Y2lxdWltc3lvYWV1a2dpd2tp',
    'Z2lnY3dzYWV3eWV3Y2dzYWl1dWNxYWFhd215YWdtd3lrb2Nxa3lpYW91ZWt5dWNxdWthcXNxY2Npc3lxYW9pcWlzdWN5Z3djY3F3aW1veWNhYXlh',
    'cWlxaWthd3ltd3lrb2n+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QP+',
    '5QP+5QP+5QP+5QP+5QP+5QP+5QP+5QNC5QMAev4BAP4BAP4BAP4BAKoBAA==',
  ].join(''),
  /** the same writer on random: an uncompressed (0x01) chunk */
  snappyFramedStored: [
    '/wYAAHNOYVBwWQHAAgD0cl2xbE5pWQq8WCmLqdW/Eo4p3zc7RqDgJx57GTfSv7t7tZB9p/0KomQ8VQhTJAztb6wjeiIvjeY31R4hb2EKrzUzwtgx',
    'tuZx0ksMUtV+XtcRppUECz5yF07/MIBs9zAfiBXzaEvq4ldBK5gi597JirvkCUy63AZqeKLX1K6DItzKvyw4PgXlFnibUHCuYCW2icL1R2i2YDE9',
    'Y8/swC8fdklTkClKicWD0jvUzifzkqDkf66+JhuUdAYtnQoCoRBT1nIxg5503TjPW/685xN8YfvdDdMOZRfhRxuNNWXMs3jhajI2jB26I+oxmHjM',
    'N1SSRn41HffBdaG8O05lMJ/iaeRDtq3YJ8oxn156OI62zZ4acxeDyPYsMapzagtjhFd2bCCSR6GODv4c6j1IR1iuATpqhzc3l4wlddUzUjnkxU0/',
    'A6NQsGoom1muieWTkCigjyikqj4pg/O4gPMHDYKfqP+FWqwY++2oRTp8ljxlfTJlChaxHhSJNC5NqMEG9kHO9GhPE7nQzoOvnfiPG76kYTJal+fF',
    'frb+V5ulSQut9j2kdSaDFlyz/aLdK3ilPJHN35R1+H8Ty3N5IO9i18GrGPAB83NZAwSNhQeaVjPRgNFdA++M4M8/g1YqgBamEqq3GKaQoU7htuhw',
    'oD3DKGCPaNxA1NiMMARIPIGLVXnBTUZhp1B01qQ94GCUCOo9SEfswcnMq6FNkGcLCyzYOyog2T7OYEcx24yH727m2s2wc8DwvKr4c69USuv2vpqW',
    '87XrEf7VZGpXyKhivM2XvNwEz5lVjYZRctKmzjNK3OExvBYVY3jRCE1h6WKvgGdBHft+82Iuraqdy59o0tuXZuREUI1MUcUdeQJtwzzwDwBalIN0',
    'rB+yd/Pu5HLbi7YUJZ82KErK0plU86bdSNe69I/DPte0nsU1OOtCUR43apwRjw==',
  ].join(''),
  /** klauspost/compress zstd EncodeAll(small), as franz-go configures it (64 KiB window, default level) */
  zstdFranzDefault: [
    'KLUv/WTkC80PAGK+eg+wAQNcshCRJrFs4quq6kwBetYzqNeLR8itmieSczH2anHHihxekE98Crbo6cToWROvjIgTu4EjGZ4hMGU6peyQQ9ix6qv8',
    'DgPDhsT4YzUEpfSV1WKQyU5pghhHAuLtRBQTlhJFDjevo3jtDVE1f25iCQl5TkAX7jLmvBPOswYPYyTHhyW5YotQfny66A5WwSQQLQJVmAy+W6yk',
    'JleAhs9ZTQIvWNx2lBURzBl1oZYSh3y8bvmKm+DhBwMjhubwzPBOD9nDtilDRPFElLZVZl3o8XAf90OwEM/NdCbjqMYSouyQfvA9ZaecnhTEZSHc',
    'WnhMM7GZDhrToYUqX0K4yxUNh83KKCQPheMJ+5PBcDaVEG6m+cU9zVr1PwTjJU9nS10CTgZXOcX/DwcrSCgqrBFiDSVC8HOXDNYOWYWoteIkyhNW',
    '40z005Ghl+PmJlyFOXTit7AKhbibiG24UBoFmVa8qh7JCxM9mynO9CZXTiktBuWFSBNHmyxpQWys+koyWpntXaVhsKuawikRKRO5M2J18p6Rqwxp',
    'xzvaVfleJ7ZVEl32nNVS7nQwBvNDRKYjVnbS4bAw+DS0ZuChzzd2IcxjhIyHlmmtIBjSlBJTyf00LUSkK1ZWMGsXOsqpWgu0GqGETEt4EopjN7UC',
    'ACg4VSgPPfpfpAG+9XnF',
  ].join(''),
  /** the same encoder at its best level on big (two 64 KiB blocks) */
  zstdFranzBest: [
    'KLUv/YQwnBIBAOQPAIL8dg7AYQBTixQpckuX8f8/NM+gXi8eIbdqnkjOxdirxR0rcnhBPvEp2KKnE6NnTbwyIk7sBo5keIbAlMkOOYS98jsMDBsS',
    '44/VEJTSV1aLQSY7pQliHAmItxNRTFhKFDncvI7itTdE1fy5iSUk5DkAXbjLmPNOOM8aPIyRHB+W5IotQvnx6aI7WAW0CFRhMvhusZKaXAUNn7Oa',
    'BF6wuO0oKyKYM+pCLSUO+Xjd8hU3wcMPBkYMzeGZ4Z0esodtU4aI4okobavMutDj4T7uh2AhnpvpTMZRjSVE2SH94HvKTjk9KYjLQri18JhmYjMd',
    'NKZDC1W+yxUNh83KKCQPheMJ+5PBcDaVEG6m+cU9zVr1PwTjJU9nS10CTgZXOcX/DwcrSCgqrBFiDSVC8HOXDNYOWYWoteIkyhNW40z005Ghl+Pm',
    'JlyFOXTit7AKhbibiG24UBoFmVa8qh7JCxM9mynO9CZXTiktBuWFSBNHmyxpQWys+koyWpntXaVhmMIpESkTuTNidfKekasMacc72lX5Xie2VRJd',
    '9pzVUu50MAbzQ0Sm46TDYWHwaWjNwEOfb+xCmMcIGQ8t01pBMKQpJaaS+2laiEhXrKxg1i50lFO1Fmg1QgmZlvAkFMduagEIABd89KJBE4IYrUJy',
    'JolDX6MM9WDKhmJqB4esEAVlAAAIegIAKDhV2gJ9L4Au/3+9',
  ].join(''),
  /** zstd CLI -1 small */
  zstdCli1: [
    'KLUv/WTkCxUQACZ+fBCwJW1Jpuxdt5MksSRJkooKdgB3AHcAE0ebLGlBbKz6SjJame1dpWGwq5rCKREpE7kzYnXynpGrDGnHO9pV+V4ntlUSXfac',
    '1VLudDAG80NEpiNWdtLhsDD4NLRm4KHPN3YhzGOEjIeWaa0gGNKUElPJ/TQtRKQrVlYwaxc6yqlaC7QaoYRMS3gSimM3tS5XNBw2K6OQPBSOJ+xP',
    'BsPZVEK4meYX9zRr1f8QjJc8nS11CTgZXOUU/z8crCChqLBGiDWUCMHPXTJYO2QVotaKkyhPWI0z0U9Hhl6Om5twFebQid/CKhTibiK24UJpFGRa',
    '8ap6JC9M9GymONObXDmltBiUFyIFRSg/Pl10B6tgEogWgSpMBt8tVlKTK0DD56wmgRcsbjvKigjmjLpQS4lDPl63fMVN8PCDgRFDc3hmeKeH7GHb',
    'lCGieCJK2yqzLvR4uI/7IViI52Y6k3FUYwlRdkg/+J6yU05PCuKyEG4tPKaZ2EwHjenQQpUvITyBZ1CvF4+QWzVPJOdi7NXijhU5vCCf+BRs0dOJ',
    '0bMmXhkRJ3YDRzI8Q2DKdErZIYewY9VX+R0Ghg2J8cdqCErpK6vFIJOd0gQxjgTE24koJiwlihxuXkfx2huiav7cxBIS8pyALtxlzHknnGcNHsZI',
    'jg9LcsUGAwAoOFWeRy8fCC8IIQ2+9XnF',
  ].join(''),
  /** zstd CLI -19 small */
  zstdCli19: [
    'KLUv/WTkCwUQAGa+fBCwJW1Jpuxdt5MksSRJkooKdwB3AHcANHG0yZIWxMaqrySjldneVRoGu6opnBKRMpE7I1Yn7xm5ypB2vKNdle91Ylsl0WXP',
    'WS3lTgdjMD9EZDpiZScdDguDT0NrBh76fGMXwjxGyHhomdYKgiFNKTGV3E/TQkS6YmUFs3aho5yqtUCrEUrItIQnoTh2UwvhLlc0HDYro5A8FI4n',
    '7E8Gw9lUQriZ5hf3NGvV/xCMlzydLXUJOBlc5RT/PxysIKGosEaINZQIwc9dMlg7ZBWi1oqTKE9YjTPRT0eGXo6bm3AV5tCJ38IqFOJuIrbhQmkU',
    'ZFrxqnokL0z0bKY405tcOaW0GJQXYsUWofz4dNEdrIJJIFoEqjAZfLdYSU2uAA2fs5oEXrC47SgrIpgz6kItJQ75eN3yFTfBww8GRgzN4ZnhnR6y',
    'h21ThojiiShtq8y60OPhPu6HYCGem+lMxlGNJUTZIf3ge8pOOT0piMtCuLXwmGZiMx00pkMLVb6EAXrWM6jXi0fIrZonknMx9mpxx4ocXpBPfAq2',
    '6OnE6FkTr4yIE7uBIxmeITBlOqXskEPYseqr/A4Dw4bE+GM1BKX0ldVikMlOaYIYRwLi7UQUE5YSRQ43r6N47Q1RNX9uYgkJeU5AF+4y5rwTzrMG',
    'D2Mkx4cluQIAKK4qlIce/S/SvvV5xQ==',
  ].join(''),
  /** zstd CLI -3 big */
  zstdCliBig: [
    'KLUv/aScEgEADRAAZr58ELAlbUmm7F23kySxJEmSigp3AHcAdwA0cbTJkhbExqqvJKOV2d5VGga7qimcEpEykTsjVifvGbnKkHa8o12V73ViWyXR',
    'Zc9ZLeVOB2MwP0RkOmJlJx0OC4NPQ2sGHvp8YxfCPEbIeGiZ1gqCIU0pMZXcT9NCRLpiZQWzdqGjnKq1QKsRSsi0hCehOHZTC+EuVzQcNiujkDwU',
    'jifsTwbD2VRCuJnmF/c0a9X/EIyXPJ0tdQk4GVzlFP8/HKwgoaiwRog1lAjBz10yWDtkFaLWipMoT1iNM9FPR4ZejpubcBXm0InfwioU4m4ituFC',
    'aRRkWvGqeiQvTPRspjjTm1w5pbQYlBdixRah/Ph00R2sgkkgWgSqMBl8t1hJTa4ADZ+zmgResLjtKCsimDPqQi0lDvl43fIVN8HDDwZGDM3hmeGd',
    'HrKHbVOGiOKJKG2rzLrQ4+E+7odgIZ6b6UzGUY0lRNkh/eB7yk45PSmIy0K4tfCYZmIzHTSmQwtVvoQBetYzqNeLR8itmieSczH2anHHihxekE98',
    'Crbo6cToWROvjIgTu4EjGZ4hMGU6peyQQ9ix6qv8DgPDhsT4YzUEpfSV1WKQyU5pghhHAuLtRBQTlhJFDjevo3jtDVE1f25iCQl5TkAX7jLmvBPO',
    'swYPYyTHhyW5AgAoOFUoj9iAPhdpLv9/vQ==',
  ].join(''),
  /** zstd CLI -3 random (raw) */
  zstdRandom: [
    'KLUv/WS8AeEVAGxOaVkKvFgpi6nVvxKOKd83O0ag4Cceexk30r+7e7WQfaf9CqJkPFUIUyQM7W+sI3oiL43mN9UeIW9hCq81M8LYMbbmcdJLDFLV',
    'fl7XEaaVBAs+chdO/zCAbPcwH4gV82hL6uJXQSuYIufeyYq75AlMutwGanii19SugyLcyr8sOD4F5RZ4m1BwrmAltonC9UdotmAxPWPP7MAvH3ZJ',
    'U5ApSonFg9I71M4n85Kg5H+uviYblHQGLZ0KAqEQU9ZyMYOedN04z1v+vOcTfGH73Q3TDmUX4UcbjTVlzLN44WoyNowduiPqMZh4zDdUkkZ+NR33',
    'wXWhvDtOZTCf4mnkQ7at2CfKMZ9eejiOts2eGnMXg8j2LDGqc2oLY4RXdmwgkkehjg7+HOo9SEdYrgE6aoc3N5eMJXXVM1I55MVNPwOjULBqKJtZ',
    'ronlk5AooI8opKo+KYPzuIDzBw2Cn6j/hVqsGPvtqEU6fJY8ZX0yZQoWsR4UiTQuTajBBvZBzvRoTxO50M6Dr534jxu+pGEyWpfnxX62/lebpUkL',
    'rfY9pHUmgxZcs/2i3St4pTyRzd+Udfh/E8tzeSDvYtfBqxjwAfNzWQMEjYUHmlYz0YDRXQPvjODPP4NWKoAWphKqtximkKFO4bbocKA9wyhgj2jc',
    'QNTYjDAESDyBi1V5wU1GYadQdNakPeBglAjqPUhH7MHJzKuhTZBnCwss2DsqINk+zmBHMduMh+9u5trNsHPA8Lyq+HOvVErr9r6alvO16xH+1WRq',
    'V8ioYrzNl7zcBM+ZVY2GUXLSps4zStzhMbwWFWN40QhNYelir4BnQR37fvNiLq2qncufaNLbl2bkRFCNTFHFHXkCbcM88A8AWpSDdKwfsnfz7uRy',
    '24u2FCWfNihKytKZVPOm3UjXuvSPwz7XtJ7FNTjrQlEeN2qcEY+pvgAL',
  ].join(''),
  /** zstd CLI -3 on 5000 zero bytes */
  zstdZeros: [
    'KLUv/WSIEk0AABAAAAEAg9MDLCW3MjA=',
  ].join(''),
};
