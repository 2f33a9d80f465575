// Builds whatwg-agreement.jsonl: inputs with special schemes that Node's WHATWG URL accepts.
const fs=require('fs');
const lines=fs.readFileSync('inputs.jsonl','utf8').split('\n').filter(x=>x);
let rows=[];
for (const l of lines){ const s=JSON.parse(l);
  if (!/^(https?|HTTP|ws|wss|ftp):/i.test(s)) continue;
  let u; try{u=new URL(s)}catch(e){continue}
  let h=u.hostname; if(h.startsWith('[')) h=h.slice(1,-1);
  rows.push({input:s,host:h,port:u.port===''?null:Number(u.port),username:decodeURIComponent(u.username)});
}
// deterministic sample
let out=[]; for(let i=0;i<rows.length;i+=Math.max(1,Math.floor(rows.length/1500))) out.push(JSON.stringify(rows[i]));
const refs=fs.readFileSync('refs.jsonl','utf8').split('\n').filter(x=>x);
let rr=[];
for (const l of refs){ const [b,r]=JSON.parse(l); let u; try{u=new URL(r,b)}catch(e){continue}
  if(!/^https?:$/.test(u.protocol)) continue;
  let h=u.hostname; if(h.startsWith('[')) h=h.slice(1,-1);
  rr.push({base:b,reference:r,host:h,port:u.port===''?null:Number(u.port)});
}
for(let i=0;i<rr.length;i+=Math.max(1,Math.floor(rr.length/700))) out.push(JSON.stringify(rr[i]));
fs.writeFileSync('whatwg-agreement.jsonl',out.join('\n')+'\n');
console.log(out.length, rows.length, rr.length);
